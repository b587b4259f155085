package forms

// patientRecordsDisclosure is the ESIGN affirmative-consent disclosure
// (15 U.S.C. 7001(c); DOMAIN §5) for a patient-signed form other than the
// consent: paper copies and how to get them, withdrawal and how, scope,
// and the hardware and software needed. what names the record, e.g.
// "this questionnaire".
func patientRecordsDisclosure(what string) string {
	return "You may sign " + what + " and get a copy in electronic form. " +
		"If you agree, we will show it to you on screen and give you your signed copy as a PDF file. " +
		"This agreement covers only " + what + ".\n\n" +
		"You have the right to a paper copy. " +
		"To get one, ask the clinic in person, by phone or in writing. " +
		"There is no fee for a paper copy.\n\n" +
		"You may withdraw this agreement at any time by telling the clinic in writing or in your patient portal. " +
		"After that, we will give you records on paper. " +
		"Withdrawing does not change what you already signed, and there is no fee.\n\n" +
		"To get and keep electronic records, you need a phone, tablet or computer with a current web browser and a program that opens PDF files, and a way to save or print them. " +
		"If you cannot open a record, tell us and we will give it to you on paper."
}

// clinicianRecordsDisclosure is the statement a clinician agrees to
// before signing a record electronically: the certification that an
// electronic signature binds like a handwritten one (21 CFR 11.100(c)).
func clinicianRecordsDisclosure(what string) string {
	return "I agree to sign " + what + " electronically. " +
		"My electronic signature is the legally binding equivalent of my handwritten signature. " +
		"It is mine alone: I sign only under my own credentials and do not let anyone else sign for me. " +
		"The record, my printed name, my credentials, the time and the meaning of my signature are kept together and cannot be changed after signing."
}
