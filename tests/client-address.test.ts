import { describe, expect, it } from '@jest/globals';
import { clientAddress } from '../src/server.js';

describe('the client address', () => {
  it('is the socket peer when no proxy is trusted, whatever X-Forwarded-For says', () => {
    expect(clientAddress('192.0.2.1', '203.0.113.5', 0)).toBe('192.0.2.1');
  });

  it('is the hop the outermost trusted proxy saw', () => {
    // client → proxy A (appends the client) → proxy B (appends A) → us (peer: B)
    expect(clientAddress('10.0.0.2', '203.0.113.5', 1)).toBe('203.0.113.5');
    expect(clientAddress('10.0.0.2', '203.0.113.5, 10.0.0.1', 2)).toBe('203.0.113.5');
  });

  it('ignores what the client wrote to the left of the trusted hops', () => {
    expect(clientAddress('10.0.0.2', '1.1.1.1, 2.2.2.2, 203.0.113.5', 1)).toBe('203.0.113.5');
    expect(clientAddress('10.0.0.2', ['1.1.1.1', '203.0.113.5'], 1)).toBe('203.0.113.5');
  });

  it('takes the leftmost hop there is when there are fewer hops than proxies', () => {
    expect(clientAddress('10.0.0.2', '203.0.113.5', 3)).toBe('203.0.113.5');
    expect(clientAddress('10.0.0.2', undefined, 2)).toBe('10.0.0.2');
    expect(clientAddress('10.0.0.2', ' , ', 1)).toBe('10.0.0.2');
  });
});
