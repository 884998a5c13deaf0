import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { readMigrations } from '../kernel/db/migrate.js';

/**
 * Each module owns the tables its `*.tables.ts` declares (into kernel/db/schema.ts `Database`); the
 * kernel owns those of kernel/*.tables.ts. A module's SQL — Kysely calls and raw `sql` text — names only
 * its own tables: what another module keeps is asked of that module's service. Transport and the
 * composition root own none. This reads the sources (not the tests) and names each file:line that breaks it.
 */

const src = join(dirname(fileURLToPath(import.meta.url)), '..');
const modulesDir = join(src, 'modules');

/**
 * (module, table) pairs let through while a refactor moves them: none since issue 12. An entry that matches
 * nothing fails the test, so the list only shrinks; keep each one commented with the file that needs it.
 */
const allowed: Array<{ module: string; table: string }> = [];

type Owner = string; // a module's directory name, or 'kernel'

interface Use {
  table: string;
  file: string; // relative to src/
  line: number;
  pos: number;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path] : [];
  });
}

function parse(file: string, text = readFileSync(file, 'utf8')): ts.SourceFile {
  return ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
}

/** The tables a `*.tables.ts` adds to `Database` (its `declare module '…/schema.js'` block). */
function declaredTables(file: string): string[] {
  const names: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isModuleDeclaration(node) && ts.isStringLiteral(node.name) && /\/schema\.js$/.test(node.name.text)) {
      node.body?.forEachChild((d) => {
        if (ts.isInterfaceDeclaration(d) && d.name.text === 'Database') {
          for (const m of d.members) if (m.name && !ts.isComputedPropertyName(m.name)) names.push(m.name.text);
        }
      });
    }
    node.forEachChild(visit);
  };
  visit(parse(file));
  return names;
}

/** Kysely methods whose first argument names tables: 'x', 'x as y', or a list of those. */
const TABLE_METHODS = new Set([
  'selectFrom',
  'insertInto',
  'replaceInto',
  'updateTable',
  'deleteFrom',
  'mergeInto',
  'innerJoin',
  'leftJoin',
  'rightJoin',
  'fullJoin',
  'crossJoin',
  'innerJoinLateral',
  'leftJoinLateral',
  'crossJoinLateral',
  'using', // delete … using / merge … using
  'from', // update … from
  'table', // sql.table('x')
]);

/** In raw SQL text: the word after from / join / update / into (delete from, insert into included). */
const RAW_TABLE = /\b(?:from|join|update|into)\s+(?:only\s+)?(?:public\.)?"?([a-z_][a-z0-9_]*)/gi;

/**
 * Every table a file's SQL names, with its line. Only names of real tables count (`known`): raw SQL also
 * says `from unnest(…)` or `extract(epoch from x)`. Names a query gives its CTEs (`.with('name', …)`,
 * `with name as (`) are not tables.
 */
function tablesNamed(file: string, known: Set<string>, text?: string): Use[] {
  const sf = parse(file, text);
  const rel = relative(src, file);
  const uses: Use[] = [];
  const ctes = new Set<string>();
  const lineOf = (pos: number) => sf.getLineAndCharacterOfPosition(pos).line + 1;
  const add = (table: string, pos: number) => {
    if (known.has(table)) uses.push({ table, file: rel, line: lineOf(pos), pos });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const method = node.expression.name.text;
      const arg = node.arguments[0];
      const literals = !arg
        ? []
        : ts.isArrayLiteralExpression(arg)
          ? arg.elements.filter(ts.isStringLiteralLike)
          : ts.isStringLiteralLike(arg)
            ? [arg]
            : [];
      if (method === 'with' || method === 'withRecursive') {
        for (const l of literals) ctes.add(l.text.split('(')[0]!.trim());
      } else if (TABLE_METHODS.has(method)) {
        for (const l of literals)
          add(
            l.text
              .trim()
              .split(/\s+as\s+/i)[0]!
              .trim(),
            l.getStart(),
          );
      }
    }
    if (ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag) && node.tag.text === 'sql') {
      const t = node.template;
      const parts = ts.isNoSubstitutionTemplateLiteral(t) ? [t] : [t.head, ...t.templateSpans.map((s) => s.literal)];
      for (const part of parts) {
        const text = part.getText(sf);
        for (const m of text.matchAll(/\bwith\s+(?:recursive\s+)?([a-z_][a-z0-9_]*)\s+as\s*\(/gi)) ctes.add(m[1]!);
        for (const m of text.matchAll(/,\s*([a-z_][a-z0-9_]*)\s+as\s*\(/gi)) ctes.add(m[1]!);
        for (const m of text.matchAll(RAW_TABLE)) {
          add(m[1]!.toLowerCase(), part.getStart(sf) + m.index + m[0].length - m[1]!.length);
        }
      }
    }
    node.forEachChild(visit);
  };
  visit(sf);
  return uses.filter((u) => !ctes.has(u.table)).sort((a, b) => a.pos - b.pos);
}

function ownership(): { owners: Map<string, Owner[]>; modules: string[] } {
  const owners = new Map<string, Owner[]>();
  const own = (owner: Owner, file: string) => {
    for (const t of declaredTables(file)) owners.set(t, [...(owners.get(t) ?? []), owner]);
  };
  for (const f of sourceFiles(join(src, 'kernel')).filter((f) => f.endsWith('.tables.ts'))) own('kernel', f);
  const modules = readdirSync(modulesDir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name);
  for (const m of modules) {
    for (const f of sourceFiles(join(modulesDir, m)).filter((f) => f.endsWith('.tables.ts'))) own(m, f);
  }
  return { owners, modules };
}

/** Who may name which tables: a module its own, the kernel its own, transport and compose.ts none. */
function codeAndItsOwner(modules: string[]): Array<{ owner: Owner; files: string[] }> {
  const rootFiles = readdirSync(src)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => join(src, f));
  return [
    ...modules.map((m) => ({ owner: m, files: sourceFiles(join(modulesDir, m)) })),
    { owner: 'kernel', files: sourceFiles(join(src, 'kernel')) },
    { owner: 'transport', files: sourceFiles(join(src, 'transport')) },
    { owner: 'the composition root', files: rootFiles },
  ];
}

/** Tables a migration creates, with where. */
function createdTables(): Array<{ table: string; where: string }> {
  return readMigrations().flatMap((m) =>
    [...m.sql.matchAll(/\bcreate\s+(?:unlogged\s+)?table\s+(?:if\s+not\s+exists\s+)?"?([a-z_][a-z0-9_]*)/gi)].map(
      (c) => ({
        table: c[1]!.toLowerCase(),
        where: `migrations/${m.name}.sql:${m.sql.slice(0, c.index).split('\n').length}`,
      }),
    ),
  );
}

describe('table ownership', () => {
  const { owners, modules } = ownership();
  const known = new Set([...owners.keys(), ...createdTables().map((c) => c.table)]);

  it('each table is declared by one owner, and each table a migration creates is owned', () => {
    const problems: string[] = [];
    for (const [table, by] of owners) {
      if (by.length > 1) problems.push(`${table}: declared by ${by.join(' and ')}`);
    }
    for (const c of createdTables()) {
      if (!owners.has(c.table)) problems.push(`${c.where}: creates ${c.table}, which no *.tables.ts declares`);
    }
    expect(problems).toEqual([]);
  });

  it('no module, nor the kernel, transport or compose.ts, names a table it does not own', () => {
    const violations: string[] = [];
    const used = new Set<string>();
    for (const { owner, files } of codeAndItsOwner(modules)) {
      for (const file of files) {
        for (const u of tablesNamed(file, known)) {
          if (owners.get(u.table)?.includes(owner)) continue;
          const pass = allowed.findIndex((a) => a.module === owner && a.table === u.table);
          if (pass >= 0) {
            used.add(`${owner}:${u.table}`);
            continue;
          }
          const by = owners.get(u.table)?.join(', ') ?? 'nobody';
          violations.push(`${u.file}:${u.line}: ${owner} names ${u.table} (owned by ${by})`);
        }
      }
    }
    for (const a of allowed) {
      if (!used.has(`${a.module}:${a.table}`)) {
        violations.push(`allow-list: ${a.module} no longer names ${a.table}; remove the entry`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('finds tables in every form the sources write SQL', () => {
    // The scanner on a sample: should it stop seeing a form, the check above would pass for nothing.
    const sample = `
      db.selectFrom('agents as a').innerJoin('departments as d', 'd.id', 'a.user_id');
      db.selectFrom(['contacts', 'page_views as p']);
      trx.insertInto('jobs').values(x); trx.updateTable('outbox').set(y); trx.deleteFrom('settings');
      q.leftJoin('messages', 'a', 'b');
      db.with('users', (db) => db.selectFrom('custom_fields')).selectFrom('users');
      sql\`select 1 from presence_connections pc join audit_log on true\`;
      sql<X>\`with inserted as (insert into uploads (id) values (1))
        update conversations set a = 1 from unnest(\${a}) as v, inserted\`;
      sql\`delete from inquiries where extract(epoch from created_at) > 0\`;
    `;
    const found = tablesNamed(join(src, 'sample.ts'), known, sample);
    expect(found.map((u) => `${u.line}:${u.table}`)).toEqual([
      '2:agents',
      '2:departments',
      '3:contacts',
      '3:page_views',
      '4:jobs',
      '4:outbox',
      '4:settings',
      '5:messages',
      '6:custom_fields',
      '7:presence_connections',
      '7:audit_log',
      '8:uploads',
      '9:conversations',
      '10:inquiries',
    ]);
  });
});
