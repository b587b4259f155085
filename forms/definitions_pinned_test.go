package forms

// publishedTextSHA256 pins the TextSHA256 of every shipped version. A
// published version never changes: a new wording is a new version.
var publishedTextSHA256 = map[string]string{
	"medical-history 2026-11":       "b0e5233d8453ebe9c92683d074ccfbbc8dad6d006ec07aaf5936b9a70b6f4e1d",
	"phq-9 2026-11":                 "255b9721b2771e856edb6d8c91b817d7219a30b3fc651977bd35d1b36ea4ead3",
	"gad-7 2026-11":                 "4870a22336ecc88bf5086300442580e0b88bce63097946aeef8aab1517f79935",
	"pcl-5 2026-11":                 "69ba743e20a8c75b04973ee29b9f80650b1afd6f0a4b1a382e8571c469889024",
	"audit-c 2026-11":               "8e72e50aac03500b29c3494e0aaec722e6020b7effb924cdef970aba7d4b728e",
	"treatment-plan 2026-11":        "a0d72f75e483e87abebfd6d5e630aff3628fa159e4b4608c2e5c9bb3a6e2e5a7",
	"kap-consent 2026-11":           "57a245d4facc3ea965c289f93baa9f67c0c8b8dcf1153bc6e72d249ef53642dc",
	"preparation 2026-11":           "7e4a09315ff39cb1cb77272fa8e9c817a414113570d410af1fe84c30d07db1c8",
	"pre-session-checklist 2026-11": "c84d099977fda24c26934462eef9c849135b367850d6debb5c617aa96d7908cb",
	"integration-followup 2026-11":  "15246185065216f638b4316033786c2321ad4dab51d8faee72f98c3ef662a185",
	"administration-record 2026-11": "1ccafa2be007875feb081f07cdd8a87964ec555566a09c4098f760736a7ec53a",
	"monitoring-record 2026-11":     "6736634909dce057932ac564f45825f7c9969b9dde445930dd9611cc92804b9b",
}
