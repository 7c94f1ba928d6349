import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { DOCUMENTS, ROOT } from './support/documents';

/**
 * Every TypeScript snippet of the README and docs/ compiles against the library as users import
 * it: each is a module of its own, given the library's and cdk8s's names it does not import, and
 * the variables the prose around it speaks of (`app`, `chart`, `values`, ...).
 */
interface Snippet {
  readonly name: string;
  readonly code: string;
}

function snippets(): Snippet[] {
  return DOCUMENTS.flatMap((path) => {
    const text = readFileSync(join(ROOT, path), 'utf8');
    return [...text.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match) => {
      const line = text.slice(0, match.index).split('\n').length;
      return { name: `${path}:${line}`, code: match[1] };
    });
  });
}

/** The variables the documents use without declaring them. */
const AMBIENT = `import type { App } from 'cdk8s';
import type { HeadscaleChart, HeadscaleServer, HeadscaleValuesInput } from 'cdk8s-headscale';
declare global {
  const app: App;
  const chart: HeadscaleChart;
  const server: HeadscaleServer;
  const values: HeadscaleValuesInput;
  const input: unknown;
  const myConfig: Record<string, unknown>;
  const myPolicy: object;
}
export {};
`;

/** The names each module offers, for the snippets that use them without importing them. */
const MODULE_NAMES: Record<string, readonly string[]> = {
  cdk8s: ['App', 'Chart', 'JsonPatch', 'Testing'],
};

function importedNames(code: string): Set<string> {
  const names = [...code.matchAll(/^import (?:type )?\{([^}]*)\} from/gm)].flatMap((match) =>
    match[1].split(',').map((name) => name.replace(/^\s*type\s+/, '').trim()),
  );
  return new Set(names.filter(Boolean));
}

/** The names src/index.ts exports, read from its export declarations. */
function libraryExports(index: string): string[] {
  const source = ts.createSourceFile(index, readFileSync(index, 'utf8'), ts.ScriptTarget.ES2022);
  return source.statements.flatMap((statement) =>
    ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamedExports(statement.exportClause)
      ? statement.exportClause.elements.map((element) => element.name.text)
      : [],
  );
}

function moduleOf(snippet: Snippet, exportsOf: Record<string, readonly string[]>): string {
  const imported = importedNames(snippet.code);
  const preamble = Object.entries(exportsOf)
    .map(
      ([module, names]) =>
        [
          module,
          names.filter((name) => !imported.has(name) && new RegExp(`\\b${name}\\b`).test(snippet.code)),
        ] as const,
    )
    .filter(([, names]) => names.length > 0)
    .map(([module, names]) => `import { ${names.join(', ')} } from '${module}';`);
  return [...preamble, snippet.code, 'export {};'].join('\n');
}

test('every TypeScript snippet of the README and docs/ compiles', () => {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    strict: true,
    esModuleInterop: true,
    skipLibCheck: true,
    noEmit: true,
    types: ['node'],
    baseUrl: ROOT,
    paths: { 'cdk8s-headscale': ['./src/index.ts'] },
  };
  const index = join(ROOT, 'src', 'index.ts');
  const all = snippets();
  expect(all.length).toBeGreaterThan(10);
  const files = new Map<string, string>([[join(ROOT, 'snippets', 'ambient.ts'), AMBIENT]]);
  const library = libraryExports(index);
  all.forEach((snippet, i) =>
    files.set(
      join(ROOT, 'snippets', `snippet-${i}.ts`),
      moduleOf(snippet, { ...MODULE_NAMES, 'cdk8s-headscale': library }),
    ),
  );
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.fileExists = (file) => files.has(file) || ts.sys.fileExists(file);
  host.readFile = (file) => files.get(file) ?? readFile(file);
  host.getSourceFile = (file, version) =>
    files.has(file) ? ts.createSourceFile(file, files.get(file)!, version) : getSourceFile(file, version);
  const program = ts.createProgram([...files.keys()], options, host);
  const problems = [...files.keys()]
    .slice(1)
    .flatMap((file, i) =>
      ts
        .getPreEmitDiagnostics(program, program.getSourceFile(file))
        .map((diagnostic) => `${all[i].name}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`),
    );
  expect(problems).toEqual([]);
});
