package pdf

// PNGSignature is pngSignature, for the tests of package pdf_test.
var PNGSignature = pngSignature
