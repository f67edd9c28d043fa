import { describe, expect, it } from 'vitest';
import { SuggestionCache } from '../../server/features/suggestionCache';

/** The completion pipeline's cache step (issue 13): what is served without asking the model again. */
describe('SuggestionCache', () => {
  const text = 'def f(x):\n    return \n';
  const at = text.indexOf('return ') + 7;

  it('serves the rest of the last suggestion while the user types its beginning', () => {
    const cache = new SuggestionCache();
    cache.remember('a', text, at, 'x * 2');
    expect(cache.continuation('a', text, at)).toBe('x * 2');
    const typed = text.slice(0, at) + 'x *' + text.slice(at);
    expect(cache.continuation('a', typed, at + 3)).toBe(' 2');
  });

  it('serves nothing once the user typed something else, all of it, or edited elsewhere', () => {
    const cache = new SuggestionCache();
    cache.remember('a', text, at, 'x * 2');
    expect(cache.continuation('a', text.slice(0, at) + 'y' + text.slice(at), at + 1)).toBeUndefined();
    expect(cache.continuation('a', text.slice(0, at) + 'x * 2' + text.slice(at), at + 5)).toBeUndefined();
    expect(cache.continuation('a', '#\n' + text, at + 2)).toBeUndefined();
    expect(cache.continuation('a', text + '#', at)).toBeUndefined();
    expect(cache.continuation('a', text, at - 1)).toBeUndefined();
    expect(cache.continuation('b', text, at)).toBeUndefined();
  });

  it('gives the last answer for the same request only, and forgets a closed document', () => {
    const cache = new SuggestionCache();
    const answer = { raw: 'x * 2', end: { stoppedEarly: false, truncated: false } };
    cache.rememberAnswer('a', 'key 1', answer);
    cache.remember('a', text, at, 'x * 2');
    expect(cache.lastAnswer('a', 'key 1')).toBe(answer);
    expect(cache.lastAnswer('a', 'key 2')).toBeUndefined();
    cache.forget('a');
    expect(cache.lastAnswer('a', 'key 1')).toBeUndefined();
    expect(cache.continuation('a', text, at)).toBeUndefined();
  });
});
