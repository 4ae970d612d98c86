// Formats round trip against `echo`: text, JSON, hex and MessagePack from the composer's format
// select. Each is sent and echoed; binary rows show their size and bytes; the details decode them.
export const name = 'formats';

export async function run(wb, expect) {
  const url = await wb.startMockServer('echo');

  const { tl } = await wb.newConnection(url);
  await tl.state('OPEN');

  /** Sends, then waits for the sent and the echoed row; returns both rows' text. */
  const roundTrip = async (format, body, preview) => {
    const before = { out: await tl.rows({ kind: 'message', dir: 'out' }).count(), in: await tl.rows({ kind: 'message', dir: 'in' }).count() };
    await tl.send(body, format);
    const error = tl.locator('[data-testid=composer-error]');
    expect(!(await error.isVisible()), `no composer error for ${format} ${body} (got "${await error.innerText().catch(() => '')}")`);
    await wb.eventually(async () => (await tl.rows({ kind: 'message', dir: 'out' }).count()) === before.out + 1, `one new sent row for ${format}`);
    await wb.eventually(async () => (await tl.rows({ kind: 'message', dir: 'in' }).count()) === before.in + 1, `one new echoed row for ${format}`);
    const sent = await tl.rows({ kind: 'message', dir: 'out' }).last().innerText();
    const echoed = await tl.rows({ kind: 'message', dir: 'in' }).last().innerText();
    expect(sent.includes(preview), `the sent ${format} row shows "${preview}" (row: "${sent}")`);
    expect(echoed.includes(preview), `the echoed ${format} row shows "${preview}" (row: "${echoed}")`);
    return { sent, echoed };
  };

  // Text.
  const text = await roundTrip('text', 'plain text here', 'plain text here');
  expect(/15\s*B/.test(text.echoed), `the text echo is 15 B (row: "${text.echoed}")`);
  expect(await tl.rows({ kind: 'message', dir: 'in', text: 'plain text here' }).first().locator('.codicon-symbol-string').count() === 1, 'the text echo has the text icon');

  // JSON: validated as you type, sent as text.
  const json = await roundTrip('json', '{"a":1}', '{"a":1}');
  expect(/7\s*B/.test(json.echoed), `the JSON echo is 7 B (row: "${json.echoed}")`);
  const jsonDetail = await tl.open({ kind: 'message', dir: 'in', text: '{"a":1}' });
  expect(/JSON/.test(jsonDetail) && /"a":\s*1/.test(jsonDetail), `the JSON echo's details show it as a JSON tree (detail: "${jsonDetail}")`);
  await wb.shot('text-and-json');

  // Hex: a binary frame of the bytes "Hello"; rows show the bytes, details a hex dump.
  const hex = await roundTrip('hex', '48 65 6c 6c 6f', '48 65 6c 6c 6f');
  expect(/5\s*B/.test(hex.sent) && /5\s*B/.test(hex.echoed), `the hex rows are 5 B (rows: "${hex.sent}" / "${hex.echoed}")`);
  const hexRow = tl.rows({ kind: 'message', dir: 'in' }).last();
  expect(await hexRow.locator('.codicon-file-binary').count() === 1, 'the hex echo has the binary icon');
  const hexDetail = await tl.open({ kind: 'message', dir: 'in' });
  expect(/Received binary message · 5 B/.test(hexDetail), `the details say binary, 5 B (detail: "${hexDetail}")`);
  const dump = await tl.detail().locator('[data-testid=hexdump]').innerText();
  expect(/00000000\s+48 65 6c 6c 6f/.test(dump) && dump.includes('|Hello|'), `the hex dump shows the bytes and "Hello" (dump: "${dump}")`);
  await wb.shot('hex-echo-hexdump');

  // MessagePack: JSON in the composer, MessagePack bytes on the wire, decoded again in the details.
  const composerSize = async () => tl.locator('[data-testid=composer-size]').innerText();
  await tl.setFormat('msgpack');
  await tl.locator('[data-testid=composer-input]').fill('{"hello":"msgpack"}');
  const announced = await wb.eventually(async () => (await composerSize()).trim(), 'the composer shows the encoded size');
  const mp = await roundTrip('msgpack', '{"hello":"msgpack"}', 'a5 68 65 6c 6c 6f a7 6d 73 67 70 61 63 6b');
  expect(mp.sent.includes(announced) && mp.echoed.includes(announced), `the MessagePack rows show the size the composer announced, ${announced} (rows: "${mp.sent}" / "${mp.echoed}")`);
  // {"hello":"msgpack"} is fixmap(1) 0x81 + fixstr "hello" (6 bytes) + fixstr "msgpack" (8 bytes) =
  // 15 bytes: the MessagePack spec says serializers SHOULD pick the shortest format.
  wb.check(/15\s*B/.test(mp.sent) && /\b81 a5 68/.test(mp.sent), `{"hello":"msgpack"} is sent as the 15-byte fixmap 81 a5 68 65 6c 6c 6f a7 … (row: "${mp.sent}")`);
  const mpDetail = await tl.open({ kind: 'message', dir: 'in' });
  expect(/MessagePack \(decoded\)/i.test(mpDetail), `the echo's details decode MessagePack (detail: "${mpDetail}")`);
  const tree = await tl.detail().locator('[data-testid=json-tree]').innerText();
  expect(/"hello":\s*"msgpack"/.test(tree), `the decoded value is {"hello":"msgpack"} (tree: "${tree}")`);
  const sentDetail = await tl.open({ kind: 'message', dir: 'out' });
  expect(new RegExp(`Sent binary message · ${announced} · msgpack`).test(sentDetail), `the sent row's details say it was built as msgpack (detail: "${sentDetail}")`);
  await tl.open({ kind: 'message', dir: 'in' });
  await wb.shot('msgpack-echo-decoded');

  // 15 (text) + 7 (JSON) + 5 (hex) + the MessagePack bytes, each way.
  const total = 27 + Number(announced.match(/\d+/)[0]);
  await wb.eventually(async () => {
    const s = await tl.headerStats();
    return (s.match(new RegExp(`4 · ${total} B`, 'g')) ?? []).length === 2 && s;
  }, `the header counts 4 messages / ${total} B each way`);
}
