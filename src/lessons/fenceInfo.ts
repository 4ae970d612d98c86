// Lesson code fences carry their run mode in the info string:
//   ```js runnable scenario=echo          -> run by Node against a fresh mock server
//   ```js runnable-browser scenario=echo  -> run in a browser page
// The checker, the renderer and the runnable-blocks test read fences through this parser.

export type RunnableKind = 'node' | 'browser';

export interface FenceInfo {
  /** First word of the info string ('' when none): becomes the language class. */
  language: string;
  /** Set when the fence is marked runnable. */
  runnable?: RunnableKind;
  /** Value of `scenario=`, when given. */
  scenario?: string;
}

export function parseFenceInfo(info: string): FenceInfo {
  const words = info.trim().split(/\s+/).filter((w) => w !== '');
  const result: FenceInfo = { language: words[0] ?? '' };
  for (const word of words.slice(1)) {
    if (word === 'runnable') result.runnable = 'node';
    else if (word === 'runnable-browser') result.runnable = 'browser';
    else if (word.startsWith('scenario=')) {
      const value = word.slice('scenario='.length).replace(/^["']|["']$/g, '');
      if (value !== '') result.scenario = value;
    }
  }
  return result;
}
