package crisis

import "slices"

// english is the English lexicon. Concepts are shared by the rules in
// rules_en.go and rules_en_acts.go; words are written as people type them and normalized at
// compile time ("don't" is "dont"). Other languages' rules may use these
// concepts too (NUM, DRUG), but not the other way round.
var english = &language{
	code: "en",
	concepts: map[string]string{
		// A speaker talking about themselves.
		"SELF": "i im ive id ill ima imma iam me my mine myself",
		// Oneself as the object of an act: "kill myself", "how to hang yourself".
		"REFL": "myself meself yourself urself yourselves oneself ourselves ourself " +
			"themselves themself himself herself self",
		// Wanting, intending, planning or trying.
		"WANT": "want wanna wannna wanted wanting wants wan wnt wish wishing wished hope hoping " +
			"plan planning planned ready trying tryna try tried attempt attempting attempted " +
			"rather prefer deserve decided deciding gonna gunna finna going about urge urges " +
			"tempted considering contemplating need needing would will gotta",
		// Wanting in the narrow sense, for rules where "going" or "will" would be a forecast.
		"DESIRE": "want wanna wannna wanted wanting wants wan wnt wish wishing wished hope hoping " +
			"ready rather prefer deserve tryna trying try tried plan planning planned",
		"NEG":  "dont doesnt didnt not never cant cannot wont no nt dnt wouldnt wasnt werent isnt aint arent shouldnt",
		"DIE":  "die dye dei dy dying died dead ded death deaths perish",
		"KILL": "kill kil kll killing killed kills murder murdering",
		"LIFE": "life lives lfie",
		"LIVE": "live living liv alive exist existing existence here around",
		"END":  "end ending ended finish finishing take taking took",
		"THINK": "think thinking thought thoughts thinkin obsessing fantasize fantasizing " +
			"daydream daydreaming",
		"WAKE":   "wake waking woke awake wakeup",
		"GONE":   "gone disappear disappearing vanish vanishing cease",
		"NOBODY": "nobody noone none",
		"BODY": "arm arms wrist wrists thigh thighs leg legs skin stomach belly hip hips " +
			"vein veins forearm forearms ankle ankles chest shoulder shoulders",
		// Acts of self-harm.
		"HARMV": "cut cuts cutting cutted cuttin carve carving carved slice slicing sliced " +
			"slash slashing slit burn burning burned burnt scratch scratching scratched " +
			"hit hitting punch punching bite biting hurt hurting harm harming bruise bruising " +
			"stab stabbing",
		"CUTV":  "cut cuts cutting cutted cuttin carve carving carved slice slicing slit slash",
		"BLADE": "blade blades razor razors knife knives sharpener scissors",
		"SELFHARM": "selfharm selfharming selfharmed selfharmer selfinjury selfinjure shtwt " +
			"selfinjuring selfmutilation nssi",
		"HIDE":  "hide hiding conceal concealing cover covering explain explaining",
		"WOUND": "cuts cut wounds wound marks scars scar",
		// Means and quantities for method-seeking.
		"DRUG": "pill pills pils tablet tablets meds med medication medications medicine " +
			"medicines drug drugs prescription tylenol paracetamol acetaminophen " +
			"panadol ibuprofen advil motrin aspirin xanax benadryl diphenhydramine melatonin " +
			"insulin sertraline zoloft prozac fluoxetine lexapro escitalopram citalopram " +
			"amitriptyline trazodone seroquel quetiapine lithium oxycodone oxy fentanyl " +
			"heroin morphine codeine tramadol valium diazepam ambien zolpidem nyquil " +
			"antidepressants antidepressant sleeping benzos opioids opiates painkillers " +
			"bleach antifreeze poison alcohol insulin propranolol clonazepam klonopin " +
			"adderall doxylamine unisom gabapentin",
		"DOSE":   "dose doses dosage amount mg milligrams grams gram",
		"LETHAL": "lethal lethel leathal letal fatal deadly mortal overdose overdosing od",
		"MANNER": "way ways method methods means fastest quickest easiest painless best " +
			"quick quickly painlessly easy easily simple " +
			"surest simplest peaceful peacefully quietly effective",
		"HIGH": "high tall far floors floor stories storey meters metres feet",
		"PLACE": "bridge bridges building roof rooftop ledge balcony overpass tower cliff " +
			"skyscraper tracks platform railing window",
		"TOOK": "took taken swallowed ate drank downed popped chugged " +
			"overdosed",
		"QUANT": "whole bunch entire bottle bottles box pack packet handful lots " +
			"everything",
		"NOW":     "tonight today now rn tomorrow soon",
		"GOODBYE": "goodbye goodbyes farewell bye",
		"LOVED": "everyone everybody family world mom dad mum parents friends all guys " +
			"yall loved kids children son daughter wife husband partner boyfriend girlfriend " +
			"sister brother siblings everybodys everyones",
		// Eating disorders.
		"EDWORD": "anorexi* bulimi* " +
			"orthorexia arfid proana promia thinspo thinspiration bonespo meanspo " +
			"sweetspo skinnyspo deathspo edtwt wannarexic wannarexia",
		"EAT":     "eat eating eaten ate eats food meal meals",
		"VOMIT":   "vomit vomiting puke puking throwup purge purging barf",
		"THIN":    "thin thinner skinny skinnier bony",
		"WEIGHTU": "pounds lbs lb kg kgs kilos kilo",
		"CAL":     "calories calorie cals cal kcal",
		// Weariness of life: "tired of living", "exhausted of life".
		"TIRED": "tired sick done fed exhausted weary bored over",
		// Others being better off: "everyone would be happier without me".
		"BETTER": "better easier happier fine okay ok best lighter",
		// A question about a manner or means: with a risk of suicide, it
		// makes the query method-seeking.
		"MANNERQ": "how way ways method methods means painless painlessly quickest fastest " +
			"easiest quick quickly surest dose lethal where which",
		// Seeking help or recovery: such a query is never method-seeking.
		"HELPQ": "stop stopping quit help helping recover recovery cope coping prevent " +
			"prevention support overcome resist survive survivor survivors hotline " +
			"helpline talk awareness",
	},
	rules: slices.Concat(rulesEN, rulesENActs),
}
