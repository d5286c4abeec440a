// Raised when the readers change in a way that makes stored readings worth redoing: a material
// read by an older version is read again the next time it is attached. Its own module so the
// main process can compare versions without loading the readers (pdfjs is large).
export const EXTRACTOR_VERSION = 1;
