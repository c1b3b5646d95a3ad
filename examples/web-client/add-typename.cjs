// Adds `__typename` to every selection of the generated documents (codegen.yml's documentTransforms).
// Apollo Client's cache needs it to normalize objects, and with persisted documents the server runs
// the stored text, not what the client would have added at run time: it must be in the stored text.
exports.transform = require('@graphql-codegen/client-preset').addTypenameSelectionDocumentTransform.transform;
