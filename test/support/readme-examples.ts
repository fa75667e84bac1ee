import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');

/** The README, then the pages of docs/ in name order: every page a user reads. */
export function documentationFiles(): string[] {
  const docs = path.join(ROOT, 'docs');
  const pages = fs.existsSync(docs)
    ? fs
        .readdirSync(docs)
        .filter((f) => f.endsWith('.md'))
        .sort()
    : [];
  return [path.join(ROOT, 'README.md'), ...pages.map((f) => path.join(docs, f))];
}

/** The code blocks of the README and docs/ in one language (`ts`, `yaml`, `markdown`), the README's first. */
export function readmeBlocks(language: string): string[] {
  return documentationFiles().flatMap((file) => {
    const text = fs.readFileSync(file, 'utf8');
    return [...text.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((match) => match[1]);
  });
}
