// Connection names are unique (src/panels/connections/connectionNames.ts): the tree and the tabs
// show only the name, and two connections to one URL used to look the same there.
import { describe, expect, it } from 'vitest';
import { uniqueName, withUniqueNames } from '../../../src/panels/connections/connectionNames';

describe('unique connection names', () => {
  it('numbers a taken name from (2), and a numbered one goes on counting', () => {
    expect(uniqueName('127.0.0.1:5000', [])).toBe('127.0.0.1:5000');
    expect(uniqueName('127.0.0.1:5000', ['127.0.0.1:5000'])).toBe('127.0.0.1:5000 (2)');
    expect(uniqueName('127.0.0.1:5000', ['127.0.0.1:5000', '127.0.0.1:5000 (2)'])).toBe('127.0.0.1:5000 (3)');
    expect(uniqueName('echo (2)', ['echo', 'echo (2)'])).toBe('echo (3)');
    expect(uniqueName('Getting started (echo)', ['Getting started (echo)'])).toBe('Getting started (echo) (2)');
  });

  it('makes a loaded list unique, the first keeping its name', () => {
    const list = [{ id: 'a', name: 'echo' }, { id: 'b', name: 'echo' }, { id: 'c', name: 'other' }, { id: 'd', name: 'echo' }];
    expect(withUniqueNames(list).map((c) => c.name)).toEqual(['echo', 'echo (2)', 'other', 'echo (3)']);
    expect(withUniqueNames(list)[0]).toBe(list[0]);
  });
});
