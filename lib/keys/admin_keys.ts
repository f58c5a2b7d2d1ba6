/**
 * Keys created through the admin API, kept in the state store so every replica sees a new or
 * deleted key from its next request on. Two hashes: `keys:by_name` (name → digest, the list
 * and the uniqueness check, atomic with HSETNX) and `keys:by_hash` (digest → record, the
 * per-request lookup). Only the SHA-256 of a key is ever stored.
 *
 * A deleted key's record stays behind, marked revoked, so its next use is refused with
 * "revoked" rather than "unknown"; its name is free again. Records revoked more than
 * `TOMBSTONE_DAYS` ago are dropped at the next revocation, so a team that rotates keys for years
 * does not keep every old record in the hash every lookup reads from.
 *
 * @module
 */
import type { KeyRules } from "../config/types.ts";
import type { StateStore } from "../state/store.ts";
import { newGatewayKey, sha256Hex } from "./key_digest.ts";
import type { NamedKey } from "./named_key.ts";

const BY_NAME = "keys:by_name";
const BY_HASH = "keys:by_hash";
/** How long a revoked key is still answered "revoked" (then it is simply unknown). */
export const TOMBSTONE_DAYS = 90;

export interface StoredKey {
  name: string;
  rules: KeyRules;
  created_at: string;
  revoked_at?: string;
}

export class AdminKeys {
  constructor(private readonly store: StateStore, private readonly now: () => number) {}

  /** Creates a key; undefined when the name is taken. The key is returned once, here. */
  async create(name: string, rules: KeyRules): Promise<{ key: string } | undefined> {
    const key = newGatewayKey();
    const digest = await sha256Hex(key);
    if (!(await this.store.writeHashField(BY_NAME, name, digest, true))) return undefined;
    const record: StoredKey = { name, rules, created_at: this.#now() };
    await this.store.writeHashField(BY_HASH, digest, JSON.stringify(record));
    return { key };
  }

  async list(): Promise<StoredKey[]> {
    const names = await this.store.readHash(BY_NAME);
    const records = await Promise.all(
      Object.values(names).map((digest) => this.store.readHashField(BY_HASH, digest)),
    );
    return records.flatMap((text) => (text ? [JSON.parse(text) as StoredKey] : []))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Revokes a key by name; false when there is none. */
  async revoke(name: string): Promise<boolean> {
    const digest = await this.store.readHashField(BY_NAME, name);
    if (digest === undefined) return false;
    const text = await this.store.readHashField(BY_HASH, digest);
    if (text) {
      const record: StoredKey = { ...JSON.parse(text), revoked_at: this.#now() };
      await this.store.writeHashField(BY_HASH, digest, JSON.stringify(record));
    }
    await this.store.deleteHashField(BY_NAME, name);
    await this.#purgeTombstones();
    return true;
  }

  /** Drops records revoked more than `TOMBSTONE_DAYS` ago (never a live key's record). */
  async #purgeTombstones(): Promise<void> {
    const cutoff = this.now() - TOMBSTONE_DAYS * 86_400_000;
    const records = await this.store.readHash(BY_HASH);
    for (const [digest, text] of Object.entries(records)) {
      const revokedAt = (JSON.parse(text) as StoredKey).revoked_at;
      if (revokedAt !== undefined && Date.parse(revokedAt) < cutoff) {
        await this.store.deleteHashField(BY_HASH, digest);
      }
    }
  }

  async findByDigest(digest: string): Promise<NamedKey | undefined> {
    const text = await this.store.readHashField(BY_HASH, digest);
    if (!text) return undefined;
    const record = JSON.parse(text) as StoredKey;
    return {
      name: record.name,
      rules: record.rules,
      source: "admin",
      revokedAt: record.revoked_at,
    };
  }

  #now(): string {
    return new Date(this.now()).toISOString();
  }
}
