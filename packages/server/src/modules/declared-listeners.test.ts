import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * A module's reactions to events are declared in its `<module>.listeners.ts` (a list compose.ts
 * registers), so a newcomer finds them in one place and their order in compose.ts. Anywhere else in a
 * module, subscribing to the bus is refused.
 */
const modulesDir = fileURLToPath(new URL('.', import.meta.url));
const composeFile = fileURLToPath(new URL('../compose.ts', import.meta.url));
const SUBSCRIBE = /\bbus\s*\.\s*(on|inTransaction|onEphemeral)\s*\(/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** `file:line bus.on(` for every subscription outside a `*.listeners.ts` file. */
function subscriptionsOutsideListeners(): string[] {
  const found: string[] = [];
  for (const file of sourceFiles(modulesDir)) {
    if (file.endsWith('.listeners.ts')) continue;
    const rel = relative(modulesDir, file).split('\\').join('/');
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        for (const m of line.matchAll(SUBSCRIBE)) found.push(`${rel}:${i + 1} bus.${m[1]}(`);
      });
  }
  return found;
}

describe('declared listeners', () => {
  it('no module subscribes to the bus outside its <module>.listeners.ts', () => {
    expect(subscriptionsOutsideListeners()).toEqual([]);
  });

  it('every listeners list is built where it gets registered (compose.ts, or its module factory)', () => {
    const compose = readFileSync(composeFile, 'utf8');
    const unwired = sourceFiles(modulesDir)
      .filter((f) => f.endsWith('.listeners.ts'))
      .flatMap((f) => {
        const index = readFileSync(join(f, '..', 'index.ts'), 'utf8');
        const names = [...readFileSync(f, 'utf8').matchAll(/export function (\w+Listeners)\b/g)].map((m) => m[1]!);
        const wired = (name: string) =>
          new RegExp(`registerListeners\\(\\s*bus,\\s*${name}\\(`).test(compose) ||
          new RegExp(`\\b${name}\\(`).test(index.replace(/^export .*$/gm, ''));
        return names.length === 0 ? [relative(modulesDir, f)] : names.filter((n) => !wired(n));
      });
    expect(unwired).toEqual([]);
  });
});
