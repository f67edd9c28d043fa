import * as fs from 'node:fs';
import { it } from 'vitest';
import { buildFimContext } from '../../server/context/fimContext';
import { headerIndentFor } from '../../server/context/headerIndent';
import { answerCode, answerComplete, suggestionFromAnswer, type AnswerShape } from '../../server/postprocess/modelAnswer';
import { DocumentTrees } from '../../server/syntax/documentTrees';
import { GrammarRegistry } from '../../server/syntax/grammarRegistry';
import { spliceCheck } from '../../server/syntax/spliceCheck';
import { inStringOrComment } from '../../server/syntax/syntaxQueries';

it('debug', async () => {
  const original = fs.readFileSync(process.env.F!, 'utf8');
  const lang = process.env.L!;
  const middle = JSON.parse(process.env.M!);
  const answer = process.env.A ? JSON.parse(process.env.A) : middle;
  const lineStart = original.split('\n').slice(0, Number(process.env.LINE) - 1).join('\n').length + 1;
  const offset = original.indexOf(middle, lineStart);
  const doc = original.slice(0, offset) + original.slice(offset + middle.length);
  const reg = new GrammarRegistry();
  const trees = new DocumentTrees(reg);
  await reg.load(reg.entries.find((e) => e.id === lang)!);
  trees.open('file:///x', lang, doc, 1);
  const s = (await trees.snapshot('file:///x', doc, 1))!;
  const before = doc.slice(0, offset);
  const check = spliceCheck(s, offset, { row: before.split('\n').length - 1, column: offset - before.lastIndexOf('\n') - 1 });
  const shape: AnswerShape = { text: doc, offset, multiline: buildFimContext(doc, offset, { prefixTokens: 2048, suffixTokens: 1024 }, s).multiline, headerIndent: headerIndentFor(doc, offset, s), inStringOrComment: inStringOrComment(s.tree, offset), userStops: [], ...check };
  console.log('shape', shape.multiline, shape.headerIndent, shape.inStringOrComment);
  let end = { stoppedEarly: false, truncated: false };
  let streamed = answer;
  for (let n = 1; n <= answer.length; n++) if (answerComplete(answer.slice(0, n), shape)) { streamed = answer.slice(0, n); end.stoppedEarly = true; console.log('stop at', JSON.stringify(streamed)); break; }
  console.log('code', answerCode(streamed, shape, end));
  console.log('final', JSON.stringify(suggestionFromAnswer(streamed, shape, end)));
  console.log('splice', check.splice(middle), check.splice(middle.slice(0, -1)));
});
