package crisis

// tagalog is the Tagalog (and Taglish) lexicon and rules. Tagalog builds verbs
// with affixes and infixes ("magpakamatay", "nagpapakamatay"), so its roots
// are matched as fragments of words.
var tagalog = &language{
	code: "tl",
	concepts: map[string]string{
		"TL_WANT": "gusto gustong gustokong gusto'ng nais ibig",
		"TL_NO":   "ayoko ayaw ayokong ayaw'ko",
	},
	rules: []ruleSpec{
		risk(Suicide, "*pakamatay*"),
		risk(Suicide, "TL_WANT ~3 mamatay|mawala|magbigti|suicide|maglaslas|mag"),
		risk(Suicide, "TL_NO ~3 mabuhay|buhay"),
		risk(Suicide, "pagod ~3 mabuhay|buhay"),
		risk(Suicide, "saysay|silbi ~3 buhay"),
		risk(Suicide, "pabigat"),
		risk(Suicide, "mas ~1 mabuti ~3 wala ~2 ako"),
		risk(Suicide, "hindi ~3 magising|ipinanganak|isinilang"),
		risk(Suicide, "dahilan ~2 para ~1 mabuhay"),
		risk(Suicide, "papatayin|patayin ~2 sarili"),
		risk(Suicide, "*bigti*"),
		method(Suicide, "ilang|ilan ~3 tableta|gamot|pills ~3 mamatay"),
		method(Suicide, "paano ~2 mamatay"),
		method(Suicide, "tatalon|tumalon ~3 tulay|building|gusali|bubong"),
		acute(Suicide, "ininom|uminom ~4 lahat|maraming|isang ~2 gamot|tableta|pills"),
		acute(Suicide, "paalam ~2 lahat|sa"),
		acute(Suicide, "huling ~1 mensahe"),
		risk(SelfHarm, "sinasaktan|saktan|sinaktan|nasasaktan ~3 sarili"),
		risk(SelfHarm, "*laslas*"),
		risk(SelfHarm, "hiniwa|hiwain|sinugatan|sugatan ~3 pulso|braso|sarili"),
		risk(EatingDisorder, "TL_NO ~2 kumain"),
		risk(EatingDisorder, "sinusuka|isinusuka|magsuka|sumuka ~3 kinakain|kumain|pagkain"),
	},
}
