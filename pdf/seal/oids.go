package seal

import encasn1 "encoding/asn1"

// Object identifiers of the CMS types, attributes and algorithms a seal
// uses (RFC 5652, RFC 5035, RFC 3161, RFC 5754, RFC 8017, RFC 5758).
var (
	oidData               = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 1}
	oidSignedData         = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 2}
	oidAttrContentType    = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 3}
	oidAttrMessageDigest  = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 4}
	oidAttrSigningTime    = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 5}
	oidAttrSigningCertV2  = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 47}
	oidAttrTimestampToken = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 14}
	oidTSTInfo            = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 1, 4}
	oidSHA256             = encasn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 1}
	oidSHA384             = encasn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 2}
	oidSHA512             = encasn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 3}
	oidRSAEncryption      = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 1}
	oidSHA256WithRSA      = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 11}
	oidSHA384WithRSA      = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 12}
	oidSHA512WithRSA      = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 13}
	oidECPublicKey        = encasn1.ObjectIdentifier{1, 2, 840, 10045, 2, 1}
	oidECDSAWithSHA256    = encasn1.ObjectIdentifier{1, 2, 840, 10045, 4, 3, 2}
	oidECDSAWithSHA384    = encasn1.ObjectIdentifier{1, 2, 840, 10045, 4, 3, 3}
	oidECDSAWithSHA512    = encasn1.ObjectIdentifier{1, 2, 840, 10045, 4, 3, 4}
)
