package forms

// auditc is the AUDIT-C in the WHO AUDIT's wording (Babor et al., WHO
// 2001; Bush et al. 1998, Arch Intern Med 158:1789).
var auditc = instrument{
	short: "AUDIT-C",
	kind:  KindAUDITC,
	title: "Alcohol Use Disorders Identification Test – Consumption (AUDIT-C)",
	stem:  "These questions are about your use of alcoholic drinks during the past year.",
	notes: []string{"One drink means one standard drink: a 12-ounce can of beer, a 5-ounce glass of wine, or a 1.5-ounce shot of spirits."},
	items: []instrumentItem{
		{text: "How often do you have a drink containing alcohol?", options: []string{"Never", "Monthly or less", "2 to 4 times a month", "2 to 3 times a week", "4 or more times a week"}},
		{text: "How many drinks containing alcohol do you have on a typical day when you are drinking?", options: []string{"1 or 2", "3 or 4", "5 or 6", "7 to 9", "10 or more"}},
		{text: "How often do you have six or more drinks on one occasion?", options: []string{"Never", "Less than monthly", "Monthly", "Weekly", "Daily or almost daily"}},
	},
	attribution: "AUDIT-C: questions 1 to 3 of the Alcohol Use Disorders Identification Test (World Health Organization; Babor, Higgins-Biddle, Saunders and Monteiro, 2001), " +
		"validated as a short screen by Bush and colleagues (1998) and used in US Veterans Affairs care.",
}
