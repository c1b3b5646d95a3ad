/**
 * What Apollo Server's request pipeline costs by itself: a one-field schema served through the
 * same node:http wrapper Skygraph uses, or (`raw`) node:http answering the same bytes directly.
 *   node --import tsx tests/bench/apollo-floor.ts <apollo|raw> <port>
 * then load it as run.ts does, with a body of {"query":"{ __typename }"}.
 */
import { createServer } from 'node:http';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';

const [mode = 'apollo', port = '4361'] = process.argv.slice(2);
const apollo = new ApolloServer({
  typeDefs: 'type Query { hello: String }',
  resolvers: { Query: { hello: () => 'hi' } },
  plugins: [ApolloServerPluginLandingPageDisabled()],
});
await apollo.start();

createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  if (mode === 'raw') {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end('{"data":{"__typename":"Query"}}\n');
    return;
  }
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers))
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  const body: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  const response = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: 'POST', headers, search: '', body },
    context: async () => ({}),
  });
  for (const [key, value] of response.headers) res.setHeader(key, value);
  res.statusCode = response.status ?? 200;
  res.end(response.body.kind === 'complete' ? response.body.string : '');
}).listen(Number(port), '127.0.0.1');
