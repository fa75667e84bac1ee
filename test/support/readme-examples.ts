import * as fs from 'fs';
import * as path from 'path';

/** The code blocks of the README in one language (`ts`, `yaml`, `markdown`), in order. */
export function readmeBlocks(language: string): string[] {
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
  return [...readme.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((match) => match[1]);
}
