package graph

// WriteEdgeCursor is writeEdgeCursor, for the tests of package graph_test.
var WriteEdgeCursor = writeEdgeCursor

// WriteResponse is writeResponse, for the tests of package graph_test.
var WriteResponse = writeResponse
