package history

// ReadEveryBlob switches snapshot back to reading and comparing every
// blob, for the tests that check the blob id comparison against it.
var ReadEveryBlob = &readEveryBlob

// BlobIs is blobHasher.is.
func BlobIs(content []byte, oid string) bool { return (&blobHasher{}).is(content, oid) }
