package errcode

// PersistedQueryNotFound answers a request that names an automatic persisted query by its hash
// alone when the server does not know the hash: the client sends the query text with the hash
// once, and the hash alone afterwards. The name is the one Apollo's and other APQ clients look for.
const PersistedQueryNotFound Code = "PERSISTED_QUERY_NOT_FOUND"
