// Buckets added by name, per profile, for users without s3:ListAllMyBuckets; kept in the extension's global
// state (names only, never credentials).
import type * as vscode from 'vscode';

export class AddedBuckets {
  private static readonly KEY = 's3presign.addedBuckets';
  constructor(private readonly state: vscode.Memento) {}

  get(profile: string): string[] {
    return this.state.get<Record<string, string[]>>(AddedBuckets.KEY, {})[profile] ?? [];
  }

  async set(profile: string, buckets: readonly string[]): Promise<void> {
    const all = { ...this.state.get<Record<string, string[]>>(AddedBuckets.KEY, {}) };
    all[profile] = [...new Set(buckets)].sort();
    await this.state.update(AddedBuckets.KEY, all);
  }
}
