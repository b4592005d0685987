import { invalid } from './errors.js';

/** JSON.parse that points at the line of a syntax error, so a broken file names its line. */
export function parseJsonText(text: string, what = 'the file'): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    // V8 names a position ("at position 16") or, in newer Node, a line ("line 3 column 5"); not always.
    const position = /position (\d+)/.exec(message);
    const lineNo = /line (\d+)/.exec(message);
    const line = position ? text.slice(0, Number(position[1])).split('\n').length : lineNo ? Number(lineNo[1]) : undefined;
    throw invalid(`${what} is not valid JSON: ${message}`, [{ ...(line ? { line } : {}), message: 'malformed JSON' }]);
  }
}
