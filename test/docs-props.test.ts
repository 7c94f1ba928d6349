import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/**
 * Every property of what src/index.ts exports says in a sentence what it is and does: the
 * members of its interfaces (those they extend, and the object types nested in a member's type,
 * included), of its object type aliases, and the public properties of its classes. A tag alone
 * (`@default {}`) is no sentence. Each file is parsed on its own, with no type-check.
 */

const SRC = join(__dirname, '..', 'src');
const INDEX = join(SRC, 'index.ts');

const parsed = new Map<string, ts.SourceFile>();
function sourceFile(file: string): ts.SourceFile {
  let source = parsed.get(file);
  if (!source) {
    source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    parsed.set(file, source);
  }
  return source;
}

function moduleFile(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = resolve(dirname(from), specifier);
  return [`${base}.ts`, join(base, 'index.ts')].find((candidate) => existsSync(candidate));
}

type Declaration = ts.InterfaceDeclaration | ts.TypeAliasDeclaration | ts.ClassDeclaration;

const isDeclaration = (statement: ts.Statement): statement is Declaration =>
  ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement) || ts.isClassDeclaration(statement);

/** The declaration `name` refers to in `file`: declared there, or imported from a file of src/. */
function declarationOf(file: string, name: string): { file: string; declaration: Declaration } | undefined {
  for (const statement of sourceFile(file).statements) {
    if (isDeclaration(statement) && statement.name?.text === name) return { file, declaration: statement };
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const bindings = statement.importClause?.namedBindings;
      if (!bindings || !ts.isNamedImports(bindings)) continue;
      const element = bindings.elements.find((candidate) => candidate.name.text === name);
      const target = element && moduleFile(file, statement.moduleSpecifier.text);
      if (target) return declarationOf(target, (element.propertyName ?? element.name).text);
    }
    if (
      ts.isExportDeclaration(statement) &&
      statement.moduleSpecifier &&
      ts.isStringLiteral(statement.moduleSpecifier) &&
      statement.exportClause &&
      ts.isNamedExports(statement.exportClause)
    ) {
      const element = statement.exportClause.elements.find((candidate) => candidate.name.text === name);
      const target = element && moduleFile(file, statement.moduleSpecifier.text);
      if (target) return declarationOf(target, (element.propertyName ?? element.name).text);
    }
  }
  return undefined;
}

/** The JSDoc text of a node, without its tags. */
function commentText(node: ts.Node): string {
  return ts
    .getJSDocCommentsAndTags(node)
    .filter(ts.isJSDoc)
    .map((doc) => ts.getTextOfJSDocComment(doc.comment) ?? '')
    .join(' ')
    .trim();
}

const memberName = (member: ts.ClassElement | ts.TypeElement) =>
  member.name && (ts.isIdentifier(member.name) || ts.isStringLiteral(member.name)) ? member.name.text : '?';

interface Walk {
  /** `Interface.prop` of every property checked. */
  readonly checked: string[];
  /** Those with no sentence. */
  readonly undocumented: string[];
  readonly seen: Set<Declaration>;
}

function checkMember(walk: Walk, file: string, path: string, member: ts.TypeElement | ts.ClassElement): void {
  walk.checked.push(path);
  if (commentText(member) === '') walk.undocumented.push(`${path} (${relative(SRC, file)})`);
  const type = (ts.isPropertySignature(member) || ts.isPropertyDeclaration(member)) && member.type;
  if (type) checkNestedTypes(walk, file, path, type);
}

/** The object types written inside a property's type (`{ name: string } | false`, `Array<{ ... }>`). */
function checkNestedTypes(walk: Walk, file: string, path: string, type: ts.Node): void {
  if (ts.isTypeLiteralNode(type)) {
    for (const member of type.members) checkMember(walk, file, `${path}.${memberName(member)}`, member);
    return;
  }
  ts.forEachChild(type, (child) => checkNestedTypes(walk, file, path, child));
}

/** Type references in a type or heritage clause that name interfaces or type aliases of src/, through `Omit<...>` and the like. */
function referencedNames(node: ts.Node): string[] {
  if (ts.isTypeReferenceNode(node) || ts.isExpressionWithTypeArguments(node)) {
    const name = ts.isTypeReferenceNode(node) ? node.typeName : node.expression;
    const own = ts.isIdentifier(name) ? [name.text] : [];
    return [...own, ...(node.typeArguments ?? []).flatMap(referencedNames)];
  }
  if (ts.isIntersectionTypeNode(node)) return node.types.flatMap(referencedNames);
  return [];
}

function checkDeclaration(walk: Walk, file: string, declaration: Declaration, exportedAs: string): void {
  if (walk.seen.has(declaration)) return;
  walk.seen.add(declaration);
  if (ts.isInterfaceDeclaration(declaration)) {
    for (const member of declaration.members) checkMember(walk, file, `${exportedAs}.${memberName(member)}`, member);
    const bases = (declaration.heritageClauses ?? []).flatMap((clause) => clause.types.flatMap(referencedNames));
    for (const base of bases) checkBase(walk, file, base);
  } else if (ts.isTypeAliasDeclaration(declaration)) {
    // Only the object types the alias writes itself: an alias of a Kubernetes model is that model's.
    const parts = ts.isIntersectionTypeNode(declaration.type) ? declaration.type.types : [declaration.type];
    for (const part of parts) {
      if (!ts.isTypeLiteralNode(part)) continue;
      for (const member of part.members) checkMember(walk, file, `${exportedAs}.${memberName(member)}`, member);
    }
  } else {
    for (const member of declaration.members) {
      if (!ts.isPropertyDeclaration(member)) continue;
      const modifiers = ts.getCombinedModifierFlags(member);
      if (modifiers & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) continue;
      if (ts.isPrivateIdentifier(member.name)) continue;
      checkMember(walk, file, `${exportedAs}.${memberName(member)}`, member);
    }
  }
}

function checkBase(walk: Walk, file: string, name: string): void {
  const found = declarationOf(file, name);
  if (found && !ts.isClassDeclaration(found.declaration)) {
    checkDeclaration(walk, found.file, found.declaration, name);
  }
}

function walkPublicApi(): Walk {
  const walk: Walk = { checked: [], undocumented: [], seen: new Set() };
  for (const statement of sourceFile(INDEX).statements) {
    if (!ts.isExportDeclaration(statement) || !statement.exportClause || !ts.isNamedExports(statement.exportClause)) {
      continue;
    }
    for (const element of statement.exportClause.elements) {
      const found = declarationOf(INDEX, element.name.text);
      if (found) checkDeclaration(walk, found.file, found.declaration, element.name.text);
    }
  }
  return walk;
}

const walk = walkPublicApi();

test('every property of the public API has a sentence, not only tags', () => {
  expect(walk.undocumented).toEqual([]);
});

test('the walk reaches interfaces, what they extend, nested object types and classes', () => {
  expect(walk.checked).toEqual(
    expect.arrayContaining([
      'HeadscaleServerProps.image',
      'TailscaleClientProps.userspace',
      'DisruptionBudgetLimits.maxUnavailable',
      'RouteProps.parentRefs',
      'PreauthKeyJobProps.objectNames.cronJob',
      'HeadscaleUiProps.persistence.mountPath',
      'HeadscaleChartProps.values',
      'HeadscaleChart.server',
      'HeadscaleServer.deployment',
      'KubeProps.metadata',
      'ValuesProblem.message',
    ]),
  );
});
