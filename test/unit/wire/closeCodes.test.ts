import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { closeCodeName, isValidWireCloseCode, validateCloseCodeToSend, validateCloseReason } from '../../../src/wire/closeCodes';

describe('close code names', () => {
  it('every registered code has its registry name', () => {
    const expected: Record<number, string> = {
      1000: 'Normal Closure', 1001: 'Going Away', 1002: 'Protocol Error', 1003: 'Unsupported Data',
      1005: 'No Status Received', 1006: 'Abnormal Closure', 1007: 'Invalid Frame Payload Data',
      1008: 'Policy Violation', 1009: 'Message Too Big', 1010: 'Mandatory Extension', 1011: 'Internal Error',
      1012: 'Service Restart', 1013: 'Try Again Later', 1014: 'Bad Gateway', 1015: 'TLS Handshake',
    };
    for (const [code, name] of Object.entries(expected)) expect(closeCodeName(Number(code))).toBe(name);
  });

  it('3000-3999 are IANA-registered and 4000-4999 private use', () => {
    expect(closeCodeName(3000)).toBe('Registered (IANA)');
    expect(closeCodeName(3999)).toBe('Registered (IANA)');
    expect(closeCodeName(4000)).toBe('Private use');
    expect(closeCodeName(4999)).toBe('Private use');
  });

  it('any number gets some name and never throws', () => {
    fc.assert(fc.property(fc.double(), (n) => typeof closeCodeName(n) === 'string' && closeCodeName(n) !== ''));
  });
});

describe('close codes a client may send', () => {
  it('1000 and 3000-4999 are accepted', () => {
    for (const code of [1000, 3000, 3500, 4000, 4999]) expect(validateCloseCodeToSend(code)).toEqual({ ok: true });
  });

  it.each([1005, 1006, 1015])('%i can never be sent because it is reserved for reporting', (code) => {
    const r = validateCloseCodeToSend(code);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toContain(String(code));
      expect(r.error).toMatch(/never be sent/);
      expect(r.error).toMatch(/reports/);
    }
  });

  it('other 1xxx codes are refused with the allowed ranges', () => {
    const r = validateCloseCodeToSend(1001);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/Going Away.*1000.*3000-3999.*4000-4999/);
  });

  it('codes outside every range and non-integers are refused', () => {
    expect(validateCloseCodeToSend(5000).ok).toBe(false);
    expect(validateCloseCodeToSend(999).ok).toBe(false);
    const r = validateCloseCodeToSend(1000.5);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/whole number/);
  });
});

describe('close reasons', () => {
  it('a close reason of exactly 123 bytes is accepted', () => {
    expect(validateCloseReason('a'.repeat(123))).toEqual({ ok: true });
  });

  it('a close reason longer than 123 bytes is rejected, saying its byte count', () => {
    const r = validateCloseReason('a'.repeat(124));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/124 bytes.*at most 123/);
  });

  it('the limit counts UTF-8 bytes, not characters', () => {
    // 42 × "é" = 84 bytes is fine; 62 × "é" = 124 bytes is not, though only 62 characters.
    expect(validateCloseReason('é'.repeat(42)).ok).toBe(true);
    const r = validateCloseReason('é'.repeat(62));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain('124 bytes');
  });
});

describe('close codes on the wire (RFC 6455 §7.4)', () => {
  it('flags codes a server must not send', () => {
    for (const code of [0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000]) expect(isValidWireCloseCode(code)).toBe(false);
  });
  it('accepts defined and registered codes', () => {
    for (const code of [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 4999]) {
      expect(isValidWireCloseCode(code)).toBe(true);
    }
  });
  it('every code a client may send is also valid on the wire', () => {
    fc.assert(fc.property(fc.integer({ min: -10, max: 70000 }), (code) => !validateCloseCodeToSend(code).ok || isValidWireCloseCode(code)));
  });
});
