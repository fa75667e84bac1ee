import * as fs from 'fs';
import * as path from 'path';

/** The TypeScript code blocks of the README, in order. */
export function readmeTypeScriptBlocks(): string[] {
  const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
  return [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]);
}
