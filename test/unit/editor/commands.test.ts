import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../../scripts/lib/paths';
import { Command, View } from '../../../src/editor/commands';

interface Manifest {
  contributes: {
    commands: { command: string }[];
    views: Record<string, { id: string }[]>;
    menus: Record<string, { command: string }[]>;
  };
}
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest;

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('the command table (src/editor/commands.ts)', () => {
  it('holds exactly the commands package.json contributes', () => {
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    assert.deepEqual(Object.values(Command).sort(), contributed);
  });

  it('names only contributed commands in menus, and every contributed view', () => {
    const ids = new Set<string>(Object.values(Command));
    for (const [menu, entries] of Object.entries(manifest.contributes.menus)) {
      for (const e of entries) assert.ok(ids.has(e.command), `${menu}: ${e.command}`);
    }
    const views = Object.values(manifest.contributes.views).flatMap((list) => list.map((v) => v.id));
    assert.deepEqual(views.sort(), [View.explorer, View.urls].sort());
  });

  it('is the only place in src/ that spells a command id', () => {
    const ids = Object.values(Command);
    const spelled = sources('src')
      .filter((file) => file !== join('src', 'editor', 'commands.ts'))
      .flatMap((file) => {
        const text = readFileSync(join(ROOT, file), 'utf8');
        return ids.filter((id) => text.includes(`'${id}'`) || text.includes(`"${id}"`)).map((id) => `${file}: ${id}`);
      });
    assert.deepEqual(spelled, []);
  });
});
