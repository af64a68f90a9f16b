package crisis

// chinese are Chinese patterns, simplified and traditional.
var chinese = &scriptLanguage{code: "zh", rules: []ruleSpec{
	benign("想死你了"), benign("死海"), benign("想死我了"), benign("笑死"), benign("热死"), benign("累死我了"),
	risk(Suicide, "想死"), risk(Suicide, "去死"), risk(Suicide, "求死"), risk(Suicide, "寻死"),
	risk(Suicide, "不想活"), risk(Suicide, "活不下去"), risk(Suicide, "活着没意思"), risk(Suicide, "活着…累"), risk(Suicide, "活著…累"), risk(Suicide, "活著沒意思"),
	risk(Suicide, "不想再活"), risk(Suicide, "撑不下去"), risk(Suicide, "撐不下去"),
	risk(Suicide, "自杀"), risk(Suicide, "自殺"), risk(Suicide, "轻生"), risk(Suicide, "輕生"),
	risk(Suicide, "结束…生命"), risk(Suicide, "結束…生命"), risk(Suicide, "了结自己"), risk(Suicide, "了結自己"),
	risk(Suicide, "结束自己"), risk(Suicide, "結束自己"),
	risk(Suicide, "负担"), risk(Suicide, "負擔"), risk(Suicide, "累赘"), risk(Suicide, "累贅"), risk(Suicide, "没有我…更好"), risk(Suicide, "沒有我…更好"),
	risk(Suicide, "不想醒来"), risk(Suicide, "不要醒来"), risk(Suicide, "不想醒來"), risk(Suicide, "不要醒來"),
	risk(Suicide, "想消失"), risk(Suicide, "没有出生"), risk(Suicide, "沒有出生"), risk(Suicide, "不该出生"),
	acute(Suicide, "遗书"), acute(Suicide, "遺書"), acute(Suicide, "永别了"), acute(Suicide, "永別了"),
	method(Suicide, "安眠药…死"), method(Suicide, "安眠藥…死"), method(Suicide, "多少…药…死"), method(Suicide, "多少…藥…死"),
	method(Suicide, "致死量"), method(Suicide, "怎么死"), method(Suicide, "怎麼死"), method(Suicide, "死最快"), method(Suicide, "跳楼"), method(Suicide, "跳樓"), method(Suicide, "几楼…死"), method(Suicide, "幾樓…死"),
	method(Suicide, "跳河"), method(Suicide, "楼…跳下"), method(Suicide, "樓…跳下"), method(Suicide, "想…跳下去"), method(Suicide, "跳桥"), method(Suicide, "跳橋"), method(Suicide, "上吊"), method(Suicide, "烧炭"), method(Suicide, "燒炭"),
	method(Suicide, "割腕"), method(Suicide, "割脉"), method(Suicide, "割脈"),
	acute(Suicide, "吃了…整瓶"), acute(Suicide, "吃了很多药"), acute(Suicide, "吃了很多藥"), acute(Suicide, "吞了…药"),
	risk(SelfHarm, "自残"), risk(SelfHarm, "自殘"), risk(SelfHarm, "自我伤害"), risk(SelfHarm, "自我傷害"),
	risk(SelfHarm, "伤害自己"), risk(SelfHarm, "割伤"), risk(SelfHarm, "割傷"), risk(SelfHarm, "割…自己"), risk(SelfHarm, "傷害自己"), risk(SelfHarm, "割手"), risk(SelfHarm, "割…手臂"),
	risk(SelfHarm, "自伤"), risk(SelfHarm, "自傷"),
	risk(EatingDisorder, "厌食"), risk(EatingDisorder, "厭食"), risk(EatingDisorder, "暴食症"), risk(EatingDisorder, "贪食症"),
	risk(EatingDisorder, "进食障碍"), risk(EatingDisorder, "進食障礙"), risk(EatingDisorder, "饮食失调"), risk(EatingDisorder, "飲食失調"),
	risk(EatingDisorder, "催吐"), risk(EatingDisorder, "绝食减肥"), risk(EatingDisorder, "絕食減肥"),
	risk(EatingDisorder, "饿死自己"), risk(EatingDisorder, "餓死自己"),
}}

// korean are Korean patterns.
var korean = &scriptLanguage{code: "ko", rules: []ruleSpec{
	risk(Suicide, "죽고싶"), risk(Suicide, "죽고십"), risk(Suicide, "살고싶지않"), risk(Suicide, "살기싫"),
	risk(Suicide, "자살"), risk(Suicide, "극단적선택"), risk(Suicide, "극단적인선택"),
	risk(Suicide, "삶을끝내"), risk(Suicide, "생을마감"), risk(Suicide, "사라지고싶"), risk(Suicide, "없어지고싶"),
	risk(Suicide, "태어나지말"), risk(Suicide, "나는짐"), risk(Suicide, "내가없으면"), risk(Suicide, "눈을뜨지않"),
	risk(Suicide, "깨어나지않"), risk(Suicide, "죽어버리"), risk(Suicide, "죽을래"),
	acute(Suicide, "유서"), acute(Suicide, "마지막인사"),
	method(Suicide, "고통없이죽"), method(Suicide, "쉽게죽"), method(Suicide, "죽는법"), method(Suicide, "죽는방법"),
	method(Suicide, "몇알…죽"), method(Suicide, "치사량"), method(Suicide, "뛰어내리"), method(Suicide, "뛰어내릴"),
	method(Suicide, "목을매"), method(Suicide, "목매"), method(Suicide, "번개탄"),
	acute(Suicide, "약을…다먹었"), acute(Suicide, "약을많이먹었"), acute(Suicide, "한통다먹"),
	risk(SelfHarm, "자해"), risk(SelfHarm, "손목을그"), risk(SelfHarm, "손목긋"), risk(SelfHarm, "손목…긋"), risk(SelfHarm, "팔을그"),
	risk(EatingDisorder, "거식증"), risk(EatingDisorder, "폭식증"), risk(EatingDisorder, "섭식장애"),
	risk(EatingDisorder, "먹토"), risk(EatingDisorder, "먹고토"), risk(EatingDisorder, "토하는방법"),
	risk(EatingDisorder, "굶어서"), risk(EatingDisorder, "프로아나"), risk(EatingDisorder, "뼈말라"),
}}

// arabic are Arabic patterns, standard and common dialect, written unfolded
// (foldScript folds them as it folds queries).
var arabic = &scriptLanguage{code: "ar", rules: []ruleSpec{
	risk(Suicide, "أموت"), risk(Suicide, "أريد الموت"), risk(Suicide, "أتمنى الموت"), risk(Suicide, "اموت"), risk(Suicide, "بدي موت"), risk(Suicide, "انتحار"), risk(Suicide, "انتحر"),
	risk(Suicide, "الانتحار"), risk(Suicide, "أقتل نفسي"), risk(Suicide, "اقتل نفسي"), risk(Suicide, "قتل نفسي"),
	risk(Suicide, "لا أريد…أعيش"), risk(Suicide, "لا أريد…العيش"), risk(Suicide, "أفكر…الموت"), risk(Suicide, "ما بدي عيش"), risk(Suicide, "لا اريد…اعيش"), risk(Suicide, "تعبت من الحياة"), risk(Suicide, "تعبت من العيش"),
	risk(Suicide, "أنا عبء"), risk(Suicide, "عبء على"), risk(Suicide, "أفضل بدوني"), risk(Suicide, "لا أريد…أستيقظ"), risk(Suicide, "لم أولد"),
	risk(Suicide, "أريد…أختفي"), risk(Suicide, "سبب للعيش"), risk(Suicide, "لا تستحق العيش"), risk(Suicide, "إنهاء حياتي"),
	risk(Suicide, "انهي حياتي"), risk(Suicide, "أنهي حياتي"),
	acute(Suicide, "رسالة وداع"), acute(Suicide, "وداعا للجميع"), acute(Suicide, "بلعت…حبوب"), acute(Suicide, "علبة الدواء كلها"),
	method(Suicide, "جرعة قاتلة"), method(Suicide, "كم حبة…تقتل"), method(Suicide, "أسهل طريقة للموت"), method(Suicide, "طريقة…للموت"),
	method(Suicide, "أقفز من"), method(Suicide, "سأقفز"), method(Suicide, "أشنق نفسي"), method(Suicide, "اشنق نفسي"),
	risk(SelfHarm, "أجرح نفسي"), risk(SelfHarm, "إيذاء النفس"), risk(SelfHarm, "أؤذي نفسي"), risk(SelfHarm, "جرحت"),
	risk(SelfHarm, "أخفي الجروح"), risk(SelfHarm, "اذية النفس"), risk(SelfHarm, "أذية نفسي"),
	risk(EatingDisorder, "فقدان الشهية العصبي"), risk(EatingDisorder, "الشره المرضي"), risk(EatingDisorder, "اضطرابات الأكل"),
	risk(EatingDisorder, "اضطراب الأكل"), risk(EatingDisorder, "أتقيأ"), risk(EatingDisorder, "أتوقف عن الأكل"),
}}
