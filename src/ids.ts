/**
 * Opaque global IDs: base64url of `Type:key`. Clients must not parse them; the server can
 * change the encoding without breaking a client that only echoes them back.
 */
export type NodeType = 'Location' | 'Account' | 'Favorite';

const nodeTypes: readonly NodeType[] = ['Location', 'Account', 'Favorite'];

/** The global ID of the object of `type` whose database key is `key`. */
export function toGlobalId(type: NodeType, key: number): string {
  return Buffer.from(`${type}:${key}`).toString('base64url');
}

/** The type and database key behind a global ID, or null when it is not one of ours. */
export function fromGlobalId(id: string): { type: NodeType; key: number } | null {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) return null;
  const match = /^([A-Za-z]+):([1-9]\d{0,15})$/.exec(Buffer.from(id, 'base64url').toString('utf8'));
  if (!match) return null;
  const type = match[1] as NodeType;
  const key = Number(match[2]);
  return nodeTypes.includes(type) && Number.isSafeInteger(key) ? { type, key } : null;
}
