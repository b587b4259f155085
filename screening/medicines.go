package screening

import "github.com/consentry/consentry/forms"

// Medicine is one medicine the screening rules recognise by name: its
// generic name, the class the rules read, its brand names (US and common
// international ones), the misspellings patients often write, and where
// the names come from.
type Medicine struct {
	// Generic is the ingredient's name (RxNorm IN; INN where it differs
	// is listed under Names).
	Generic string `json:"generic"`
	// Class is one of the forms.Class* constants.
	Class string `json:"class"`
	// Names are the other names the medicine is written under: brand
	// names, other generic spellings (INN, BAN), combination products
	// whose screened ingredient this is.
	Names []string `json:"names"`
	// Misspellings are spellings the edit-distance match would not reach
	// (a short name, another first letter).
	Misspellings []string `json:"misspellings,omitempty"`
	// Source is where the names come from.
	Source string `json:"source"`
}

// Sources of the names in the table. RxNorm (US National Library of
// Medicine) is the reference vocabulary for US ingredient (IN) and brand
// (BN) names; brands sold only outside the US are from their product
// labels: the UK electronic Medicines Compendium (SmPC), the Australian
// TGA product information, Health Canada's Drug Product Database, or the
// EMA's product information.
const (
	srcRxNorm = "RxNorm (NLM): ingredient and US brand names"
	srcUK     = "; UK brand: eMC SmPC"
	srcEU     = "; EU brand: product information (EMA or national label)"
	srcAU     = "; Australian brand: TGA product information"
	srcCA     = "; Canadian brand: Health Canada Drug Product Database"
	srcIN     = "; Indian brand: product label"
)

// medicines is the table of medicines screening recognises by name, for
// every class DOMAIN §3 and §8 screen. Benzodiazepines are here for their
// names; their diazepam equivalence is diazepam10mgEquivalent's (Ashton),
// and a test keeps every benzodiazepine here in that table.
var medicines = []Medicine{
	// MAO inhibitors (DOMAIN §8; Spravato label: MAOIs raise blood pressure).
	{Generic: "phenelzine", Class: forms.ClassMAOI, Names: []string{"nardil"}, Misspellings: []string{"nardill", "phenalzine"},
		Source: srcRxNorm + "; Nardil label (Pfizer)"},
	{Generic: "tranylcypromine", Class: forms.ClassMAOI, Names: []string{"parnate"}, Misspellings: []string{"parnat"},
		Source: srcRxNorm + "; Parnate label (Concordia)"},
	{Generic: "isocarboxazid", Class: forms.ClassMAOI, Names: []string{"marplan"},
		Source: srcRxNorm + "; Marplan label (Validus)"},
	{Generic: "selegiline", Class: forms.ClassMAOI, Names: []string{"emsam", "eldepryl", "zelapar"},
		Source: srcRxNorm + "; Emsam transdermal label (Mylan): MAOI warnings at every dose"},
	{Generic: "rasagiline", Class: forms.ClassMAOI, Names: []string{"azilect"},
		Source: srcRxNorm + "; Azilect label (Teva): MAO-B inhibitor"},
	{Generic: "safinamide", Class: forms.ClassMAOI, Names: []string{"xadago"},
		Source: srcRxNorm + "; Xadago label: MAO-B inhibitor"},
	{Generic: "moclobemide", Class: forms.ClassMAOI, Names: []string{"manerix", "aurorix", "amira"},
		Source: "WHO INN; not marketed in the US" + srcCA + srcEU},
	{Generic: "linezolid", Class: forms.ClassMAOI, Names: []string{"zyvox", "zyvoxid"},
		Source: srcRxNorm + "; Zyvox label (Pfizer): reversible nonselective MAO inhibitor" + srcEU},
	{Generic: "methylene blue", Class: forms.ClassMAOI, Names: []string{"provayblue", "methylthioninium"},
		Source: srcRxNorm + "; ProvayBlue label: MAO-A inhibition (serotonin syndrome warning)" + srcUK},
	{Generic: "procarbazine", Class: forms.ClassMAOI, Names: []string{"matulane", "natulan"},
		Source: srcRxNorm + "; Matulane label: weak MAO inhibitor" + srcCA},

	// Benzodiazepines (DOMAIN §8; the dose rule's equivalences are Ashton's).
	{Generic: "alprazolam", Class: forms.ClassBenzodiazepine, Names: []string{"xanax", "niravam", "kalma", "alprax", "tafil", "xanor"},
		Misspellings: []string{"zanax", "xanex", "xannax", "zanex", "xanaz"},
		Source:       srcRxNorm + "; Xanax label (Pfizer)" + srcAU + srcIN + srcEU},
	{Generic: "chlordiazepoxide", Class: forms.ClassBenzodiazepine, Names: []string{"librium", "librax"},
		Source: srcRxNorm + "; Librium label (Valeant); Librax is chlordiazepoxide with clidinium"},
	{Generic: "clobazam", Class: forms.ClassBenzodiazepine, Names: []string{"onfi", "sympazan", "frisium", "tapclob"},
		Source: srcRxNorm + "; Onfi label (Lundbeck)" + srcUK},
	{Generic: "clonazepam", Class: forms.ClassBenzodiazepine, Names: []string{"klonopin", "rivotril", "paxam"},
		Misspellings: []string{"clonopin", "klonapin", "klonipin", "clonipin", "klonnopin"},
		Source:       srcRxNorm + "; Klonopin label (Roche)" + srcEU + srcAU},
	{Generic: "clorazepate", Class: forms.ClassBenzodiazepine, Names: []string{"tranxene"},
		Source: srcRxNorm + "; Tranxene T-Tab label (Recordati)"},
	{Generic: "diazepam", Class: forms.ClassBenzodiazepine, Names: []string{"valium", "diastat", "valtoco", "stesolid", "libervant", "antenex", "diazemuls"},
		Misspellings: []string{"vallium", "valum", "valiam"},
		Source:       srcRxNorm + "; Valium label (Roche)" + srcEU + srcAU + srcUK},
	{Generic: "estazolam", Class: forms.ClassBenzodiazepine, Names: []string{"prosom"},
		Source: srcRxNorm + "; ProSom label (Abbott)"},
	{Generic: "flurazepam", Class: forms.ClassBenzodiazepine, Names: []string{"dalmane"},
		Source: srcRxNorm + "; Dalmane label (Valeant)"},
	{Generic: "lorazepam", Class: forms.ClassBenzodiazepine, Names: []string{"ativan", "loreev", "temesta", "tavor", "lorsilan"},
		Misspellings: []string{"atavan", "ativen", "adivan", "ativin"},
		Source:       srcRxNorm + "; Ativan label (Bausch)" + srcEU},
	{Generic: "oxazepam", Class: forms.ClassBenzodiazepine, Names: []string{"serax", "serepax", "alepam", "murelax"},
		Source: srcRxNorm + " (Serax, discontinued US brand)" + srcAU},
	{Generic: "quazepam", Class: forms.ClassBenzodiazepine, Names: []string{"doral"},
		Source: srcRxNorm + "; Doral label (Galt)"},
	{Generic: "temazepam", Class: forms.ClassBenzodiazepine, Names: []string{"restoril", "normison", "temaze"},
		Misspellings: []string{"restorel", "restorill"},
		Source:       srcRxNorm + "; Restoril label (SpecGx)" + srcAU},
	{Generic: "triazolam", Class: forms.ClassBenzodiazepine, Names: []string{"halcion"},
		Misspellings: []string{"halcyon"},
		Source:       srcRxNorm + "; Halcion label (Pfizer)"},

	// Z-drugs and other CNS depressants (Spravato label: CNS depressants
	// increase sedation).
	{Generic: "zolpidem", Class: forms.ClassCNSDepressant, Names: []string{"ambien", "edluar", "intermezzo", "zolpimist", "stilnox", "stilnoct"},
		Misspellings: []string{"ambian", "ambein", "ambiem", "zolpidam"},
		Source:       srcRxNorm + "; Ambien label (Sanofi)" + srcEU + srcUK},
	{Generic: "eszopiclone", Class: forms.ClassCNSDepressant, Names: []string{"lunesta"},
		Misspellings: []string{"lunestra", "lunasta"},
		Source:       srcRxNorm + "; Lunesta label (Sunovion)"},
	{Generic: "zopiclone", Class: forms.ClassCNSDepressant, Names: []string{"imovane", "zimovane", "imrest"},
		Source: "WHO INN; not marketed in the US" + srcUK + srcCA + srcAU},
	{Generic: "zaleplon", Class: forms.ClassCNSDepressant, Names: []string{"sonata"},
		Source: srcRxNorm + "; Sonata label (Pfizer)"},
	{Generic: "suvorexant", Class: forms.ClassCNSDepressant, Names: []string{"belsomra"},
		Source: srcRxNorm + "; Belsomra label (Merck): CNS depressant effects"},
	{Generic: "lemborexant", Class: forms.ClassCNSDepressant, Names: []string{"dayvigo"},
		Source: srcRxNorm + "; Dayvigo label (Eisai): CNS depressant effects"},
	{Generic: "gabapentin", Class: forms.ClassCNSDepressant, Names: []string{"neurontin", "gralise", "horizant", "gabarone"},
		Misspellings: []string{"gabapenten", "gabapentine"},
		Source:       srcRxNorm + "; Neurontin label (Pfizer): respiratory depression with CNS depressants"},
	{Generic: "pregabalin", Class: forms.ClassCNSDepressant, Names: []string{"lyrica", "lyrica cr"},
		Misspellings: []string{"lirica", "lyrika"},
		Source:       srcRxNorm + "; Lyrica label (Pfizer): respiratory depression with CNS depressants"},
	{Generic: "phenobarbital", Class: forms.ClassCNSDepressant, Names: []string{"luminal", "phenobarbitone", "sezaby"},
		Source: srcRxNorm + "; phenobarbital tablets label (barbiturate)" + srcUK},
	{Generic: "butalbital", Class: forms.ClassCNSDepressant, Names: []string{"fioricet", "fiorinal", "esgic"},
		Source: srcRxNorm + "; Fioricet label (barbiturate combination)"},
	{Generic: "carisoprodol", Class: forms.ClassCNSDepressant, Names: []string{"soma"},
		Source: srcRxNorm + "; Soma label (Meda): CNS depressant"},
	{Generic: "cyclobenzaprine", Class: forms.ClassCNSDepressant, Names: []string{"flexeril", "amrix", "fexmid"},
		Misspellings: []string{"flexaril", "flexerill"},
		Source:       srcRxNorm + "; Flexeril label: may enhance the effects of CNS depressants"},
	{Generic: "baclofen", Class: forms.ClassCNSDepressant, Names: []string{"lioresal", "ozobax", "fleqsuvy", "lyvispah"},
		Source: srcRxNorm + "; Lioresal label: additive CNS depression" + srcUK},
	{Generic: "tizanidine", Class: forms.ClassCNSDepressant, Names: []string{"zanaflex", "sirdalud"},
		Source: srcRxNorm + "; Zanaflex label: additive CNS depression" + srcEU},
	{Generic: "methocarbamol", Class: forms.ClassCNSDepressant, Names: []string{"robaxin"},
		Source: srcRxNorm + "; Robaxin label: CNS depressant"},
	{Generic: "diphenhydramine", Class: forms.ClassCNSDepressant, Names: []string{"benadryl", "zzzquil", "unisom sleepgels", "tylenol pm", "advil pm", "nytol", "sominex"},
		Misspellings: []string{"benedryl", "benadril"},
		Source:       srcRxNorm + "; Benadryl and ZzzQuil OTC Drug Facts labels: marked drowsiness, alcohol and sedatives increase it" + srcUK},
	{Generic: "doxylamine", Class: forms.ClassCNSDepressant, Names: []string{"unisom", "unisom sleeptabs"},
		Source: srcRxNorm + "; Unisom SleepTabs OTC Drug Facts label: drowsiness"},
	{Generic: "hydroxyzine", Class: forms.ClassCNSDepressant, Names: []string{"vistaril", "atarax", "ucerax"},
		Source: srcRxNorm + "; Vistaril label: potentiates CNS depressants" + srcUK},
	{Generic: "promethazine", Class: forms.ClassCNSDepressant, Names: []string{"phenergan", "promethegan", "avomine"},
		Source: srcRxNorm + "; Phenergan label: additive CNS depression" + srcUK},
	{Generic: "sodium oxybate", Class: forms.ClassCNSDepressant, Names: []string{"xyrem", "xywav", "lumryz", "oxybate"},
		Source: srcRxNorm + "; Xyrem label (Jazz): boxed warning, CNS depression"},

	// Lamotrigine (DOMAIN §8; Andrade 2017).
	{Generic: "lamotrigine", Class: forms.ClassLamotrigine, Names: []string{"lamictal", "lamictal xr", "lamictal odt", "subvenite", "lamitor"},
		Misspellings: []string{"lamotrigene", "lamotragine", "lamotrigin", "lamictel", "lamictol", "lamectal"},
		Source:       srcRxNorm + "; Lamictal label (GSK); Subvenite label (OWP)" + srcIN},

	// Psychostimulants (DOMAIN §8; Spravato label: psychostimulants raise blood pressure).
	{Generic: "amphetamine", Class: forms.ClassStimulant, Names: []string{"adderall", "adderall xr", "mydayis", "evekeo", "adzenys", "dyanavel", "amfetamine", "amphetamine salts"},
		Misspellings: []string{"aderall", "adderal", "adderol", "aderal", "adderrall", "adarall"},
		Source:       srcRxNorm + "; Adderall label (Teva): mixed amphetamine salts"},
	{Generic: "dextroamphetamine", Class: forms.ClassStimulant, Names: []string{"dexedrine", "zenzedi", "procentra", "xelstrym", "dexamfetamine", "dexamphetamine", "amfexa"},
		Source: srcRxNorm + "; Dexedrine label (Amedra)" + srcUK + srcAU},
	{Generic: "lisdexamfetamine", Class: forms.ClassStimulant, Names: []string{"vyvanse", "elvanse", "tyvense", "lisdexamphetamine"},
		Misspellings: []string{"vivanse", "vyvance", "vivance", "vyvans"},
		Source:       srcRxNorm + "; Vyvanse label (Takeda)" + srcUK},
	{Generic: "methamphetamine", Class: forms.ClassStimulant, Names: []string{"desoxyn", "metamfetamine"},
		Source: srcRxNorm + "; Desoxyn label (Recordati)"},
	{Generic: "methylphenidate", Class: forms.ClassStimulant, Names: []string{"ritalin", "concerta", "metadate", "methylin", "daytrana", "quillivant", "quillichew", "jornay", "cotempla", "aptensio", "relexxii", "medikinet", "equasym", "biphentin", "xaggitin", "delmosart"},
		Misspellings: []string{"ritilin", "ritalyn", "concerto", "methylphenydate"},
		Source:       srcRxNorm + "; Ritalin and Concerta labels" + srcUK + srcCA},
	{Generic: "dexmethylphenidate", Class: forms.ClassStimulant, Names: []string{"focalin", "focalin xr", "azstarys"},
		Source: srcRxNorm + "; Focalin label (Novartis)"},
	{Generic: "modafinil", Class: forms.ClassStimulant, Names: []string{"provigil", "modalert", "modiodal", "modavigil", "alertec"},
		Misspellings: []string{"modafanil", "modafinal"},
		Source:       srcRxNorm + "; Provigil label (Teva)" + srcEU + srcAU + srcCA + srcIN},
	{Generic: "armodafinil", Class: forms.ClassStimulant, Names: []string{"nuvigil", "waklert", "artvigil"},
		Source: srcRxNorm + "; Nuvigil label (Teva)" + srcIN},
	{Generic: "phentermine", Class: forms.ClassStimulant, Names: []string{"adipex", "adipex p", "lomaira", "qsymia", "duromine"},
		Source: srcRxNorm + "; Adipex-P label (Teva): sympathomimetic amine" + srcAU},
	{Generic: "solriamfetol", Class: forms.ClassStimulant, Names: []string{"sunosi"},
		Source: srcRxNorm + "; Sunosi label (Axsome): increases blood pressure and heart rate"},

	// Opioids (DOMAIN §8; Spravato label: opioids increase sedation).
	{Generic: "oxycodone", Class: forms.ClassOpioid, Names: []string{"oxycontin", "percocet", "roxicodone", "endocet", "xtampza", "oxaydo", "roxybond", "percodan", "oxynorm", "targin", "endone"},
		Misspellings: []string{"oxycodon", "oxicodone", "oxycotin", "percoset", "perkocet"},
		Source:       srcRxNorm + "; OxyContin and Percocet labels" + srcUK + srcAU},
	{Generic: "hydrocodone", Class: forms.ClassOpioid, Names: []string{"norco", "vicodin", "lortab", "hysingla", "zohydro", "lorcet", "xodol"},
		Misspellings: []string{"hydrocodon", "vicadin", "vicoden"},
		Source:       srcRxNorm + "; Norco and Hysingla ER labels"},
	{Generic: "tramadol", Class: forms.ClassOpioid, Names: []string{"ultram", "ultracet", "conzip", "tramal", "zydol", "zaldiar", "qdolo"},
		Misspellings: []string{"tramadal", "tramidol", "tramodol"},
		Source:       srcRxNorm + "; Ultram label (Janssen)" + srcEU + srcUK},
	{Generic: "tapentadol", Class: forms.ClassOpioid, Names: []string{"nucynta", "palexia"},
		Source: srcRxNorm + "; Nucynta label (Collegium)" + srcEU},
	{Generic: "buprenorphine", Class: forms.ClassOpioid, Names: []string{"suboxone", "subutex", "zubsolv", "sublocade", "brixadi", "butrans", "belbuca", "temgesic", "espranor", "bunavail", "norspan"},
		Misspellings: []string{"suboxon", "suboxen", "buprenorphin", "buprenorfine"},
		Source:       srcRxNorm + "; Suboxone, Sublocade and Butrans labels" + srcUK + srcAU},
	{Generic: "methadone", Class: forms.ClassOpioid, Names: []string{"dolophine", "methadose", "physeptone", "diskets", "metadol"},
		Misspellings: []string{"methadon", "methodone", "metadone"},
		Source:       srcRxNorm + "; Dolophine label (Roxane)" + srcUK + srcCA},
	{Generic: "morphine", Class: forms.ClassOpioid, Names: []string{"ms contin", "kadian", "arymo", "mst continus", "zomorph", "sevredol", "oramorph", "duramorph", "infumorph"},
		Misspellings: []string{"morphin", "morfine"},
		Source:       srcRxNorm + "; MS Contin label (Purdue)" + srcUK},
	{Generic: "fentanyl", Class: forms.ClassOpioid, Names: []string{"duragesic", "durogesic", "actiq", "fentora", "abstral", "subsys", "lazanda", "pecfent"},
		Misspellings: []string{"fentanil", "fentenyl", "phentanyl"},
		Source:       srcRxNorm + "; Duragesic label (Janssen)" + srcEU},
	{Generic: "hydromorphone", Class: forms.ClassOpioid, Names: []string{"dilaudid", "exalgo", "jurnista", "palladone"},
		Misspellings: []string{"dilaudin", "diloted"},
		Source:       srcRxNorm + "; Dilaudid label (Purdue)" + srcEU},
	{Generic: "oxymorphone", Class: forms.ClassOpioid, Names: []string{"opana"},
		Source: srcRxNorm + "; Opana label (Endo)"},
	{Generic: "codeine", Class: forms.ClassOpioid, Names: []string{"tylenol with codeine", "tylenol 3", "tylenol 4", "co codamol", "solpadeine", "nurofen plus", "panadeine", "tuzistra", "fioricet with codeine", "codeine phosphate"},
		Misspellings: []string{"codiene", "codine", "codene"},
		Source:       srcRxNorm + "; Tylenol with Codeine label (Janssen)" + srcUK + srcAU},
	{Generic: "meperidine", Class: forms.ClassOpioid, Names: []string{"demerol", "pethidine"},
		Source: srcRxNorm + "; Demerol label (Validus); pethidine is the INN"},
	{Generic: "levorphanol", Class: forms.ClassOpioid, Names: []string{"levo dromoran"},
		Source: srcRxNorm + "; levorphanol tartrate tablets label"},
	{Generic: "dihydrocodeine", Class: forms.ClassOpioid, Names: []string{"df118", "co dydramol", "synalgos"},
		Source: srcRxNorm + srcUK},
	{Generic: "kratom", Class: forms.ClassOpioid, Names: []string{"mitragynine", "mitragyna"},
		Source: "FDA consumer warning on kratom (opioid-like effects, mitragynine acts at mu-opioid receptors)"},

	// Opioid antagonists (Williams 2018; Yoon 2019).
	{Generic: "naltrexone", Class: forms.ClassOpioidAntagonist, Names: []string{"revia", "vivitrol", "depade", "contrave", "mysimba", "adepend"},
		Misspellings: []string{"naltrexon", "naltrexzone", "naltraxone"},
		Source:       srcRxNorm + "; Vivitrol label (Alkermes); Contrave is naltrexone with bupropion" + srcEU + srcUK},
	{Generic: "nalmefene", Class: forms.ClassOpioidAntagonist, Names: []string{"selincro", "revex"},
		Source: srcRxNorm + " (nalmefene)" + srcEU},
	{Generic: "samidorphan", Class: forms.ClassOpioidAntagonist, Names: []string{"lybalvi"},
		Source: srcRxNorm + "; Lybalvi label (Alkermes): olanzapine with samidorphan, an opioid antagonist"},
}
