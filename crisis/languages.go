package crisis

import "strings"

// languages are the lexicons and rules Detect matches, English first: the
// other languages may use English concepts (NUM, DRUG), so a query that mixes
// languages ("quiero morir, took 30 pills") is read as a whole.
var languages = []*language{english, spanish, french, portuguese, tagalog, vietnamese}

// runTogetherAnchors are the words a run-together query is built around
// ("killmyself", "iwanttodie", "endmylife", "eatingdisorder"): only a word
// holding one of them is split into lexicon words.
var runTogetherAnchors = []string{
	"die", "dead", "kill", "life", "live", "self", "harm", "hurt", "cut", "end",
	"starv", "purg", "suicid", "disorder", "pill", "jump", "hang", "alive",
	"exist", "wake", "gone", "burden", "overdos", "throw", "vomit", "eat",
	"want", "wish",
}

// realWords are real words one edit away from a word that matters, so they
// are never read as its misspelling: "purring" is not "purging", "dose" is not
// "does".
var realWords = setOf(`
	does dyed dying lived liver livers lives lover loved alike alive olive
	putting cutter cuttle gutting jutting butting billing filling killer
	milling willing hanged changed ranged banged hunger danger longer hanger
	jumper bumped dumped pumped lumped depth dearth heath wrest wrists
	breed blend bleat moose loose goose noise nooks pulls hills bills mills
	fills kills skills purse surge merge verge purring surging purged
	burger burner border burdens garden harden warden tired tiles timed
	staring starring starting sharing starve carve curve nerve serve
	sucker sickle tickle dyes deer dean diet diets dice dime dine dire
	dove dole dome done dose hose nose rose lose lost lust mist most
	wants wanted warn wart wand wane went wait want vent rent lent sent
	wish dish fish wash wise wile wide wipe wife life lime line lice
	like lake lane late lame pile pine pike bike hike mike nike
	fist fast vast mast last list cast
	haze hare harp hark hard hart harm farm warm charm alarm
	self shelf sell seal sale sole
	hang hung hand hard bang fang gang rang sang tang
	jump bump dump hump lump pump rump sump
	pill pull poll pile pall fill hill kill mill till will bill gill
	cuts cute cube cure curt cult cats cots guts huts nuts outs puts ruts
	dead deal dean dear deed need read head lead mead bead
	burn barn born bunn turn urn churn
	over oven ever aver
	hurt hunt hurl hurts burst
	wound round sound found mound bound pound
	scar scan scab star scary scare
	blade blaze bland glade grade
	razor racer
	ribs robs rubs rips
	enough
	thin think thine than then
	fat far fan fit fog
	skinny skinner
	overdue overdone overlose
	anorak
	bullies bulimic
	kilos kills
	fasted faster
	meals mails males
	feeds
	hates dates gates
	bones bonus
	noses
	alike
	rather
	gather
	father
	mother
	bother
	brother
	leather
	weather
	whether
	feather
	heather
	nether
	lather
	metal
	petal
	fetal
	medal
	pedal
	legal
	regal
	vital
	total
	local
	focal
	vocal
`)

// noTypo are lexicon words whose misspellings are not looked for: short
// function words and words whose neighbours are mostly other words.
var noTypo = setOf(`
	about would going there where which while other their these those
	right thing things think night might light sight fight eight
	never every still maybe again early later after before until
	never other being being
`)

// setOf returns the set of the words in s.
func setOf(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}
