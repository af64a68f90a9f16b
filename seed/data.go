package seed

import (
	"haven/ent/credential"
	"haven/ent/crisisresource"
	"haven/ent/schema/enum"
)

// The demo data. Content texts follow safe-messaging guidance: no method detail, no graphic
// imagery, hope and help-seeking, and crisis resources on every piece about a sensitive topic.

type topicSpec struct {
	slug, name, description string
	sensitive               bool
}

var topics = []topicSpec{
	{"anxiety", "Anxiety", "Worry, panic and anxiety disorders, and everyday ways to cope.", false},
	{"depression", "Depression", "Low mood, depression and finding support.", false},
	{"suicide-prevention", "Suicide prevention", "Warning signs, how to reach out, and where to find help right now. Call or text 988 in the US.", true},
	{"self-harm", "Self-harm", "Understanding self-harm, and finding support without shame. Call or text 988 in the US.", true},
	{"eating-disorders", "Eating disorders", "Eating disorders, recovery and support for individuals and families.", true},
	{"stress", "Stress", "Stress, burnout and recovery.", false},
	{"therapy", "Therapy", "What therapy and psychiatric care look like, and how to find a good fit.", false},
	{"youth-mental-health", "Youth mental health", "Mental health for young people, and for the adults who support them.", false},
	{"nutrition", "Nutrition", "Food, mood and a flexible relationship with eating.", false},
	{"peer-support", "Peer support", "Supporting friends, family and one another.", false},
	{"mindfulness", "Mindfulness", "Grounding, breathing and paying attention on purpose.", false},
	{"grief", "Grief", "Loss, mourning and living alongside grief.", false},
}

type orgSpec struct {
	slug, name, description, website string
}

var organizations = []orgSpec{
	{"alliance-for-eating-disorders", "Alliance for Eating Disorders",
		"Nonprofit offering eating disorder education, referrals and support groups for people affected by eating disorders and their loved ones.",
		"https://www.allianceforeatingdisorders.com"},
	{"afsp", "American Foundation for Suicide Prevention",
		"Nonprofit working to save lives and bring hope to those affected by suicide through research, education, advocacy and support for people who have lost someone.",
		"https://afsp.org"},
	{"crisis-text-line", "Crisis Text Line",
		"Free, confidential, 24/7 support by text from trained volunteer crisis counselors. In the US, text HOME to 741741.",
		"https://www.crisistextline.org"},
	{"made-of-millions", "Made of Millions",
		"Nonprofit working to change how the world sees mental health through storytelling, education and free resources.",
		"https://www.madeofmillions.com"},
	{"nami", "National Alliance on Mental Illness",
		"Grassroots mental health organization offering education, support groups and advocacy for people affected by mental illness and their families.",
		"https://www.nami.org"},
	{"neda", "National Eating Disorders Association",
		"Nonprofit supporting individuals and families affected by eating disorders with education, screening and resources for finding care.",
		"https://www.nationaleatingdisorders.org"},
	{"peer-health-exchange", "Peer Health Exchange",
		"Nonprofit that trains college students to teach health education, including mental health, to high school students.",
		"https://www.peerhealthexchange.org"},
}

// grantCents is the approved ad credit per organization on mental-health-awareness:
// $2,150,000 in total, within the campaign's $2,500,000 budget.
var grantCents = map[string]int64{
	"afsp":                          40_000_000,
	"nami":                          35_000_000,
	"crisis-text-line":              35_000_000,
	"neda":                          30_000_000,
	"alliance-for-eating-disorders": 25_000_000,
	"made-of-millions":              25_000_000,
	"peer-health-exchange":          25_000_000,
}

const mhaBudgetCents = 250_000_000

type credSpec struct {
	kind         credential.Kind
	jurisdiction string
	license      string
}

type creatorSpec struct {
	handle, displayName string
	cred                *credSpec
}

const spotlightBio = "Creator sharing mental-health education. Part of the #MentalHealthAwareness creator spotlight."

// creators are the ten spotlighted creators, in spotlight order. License numbers are obviously
// fake: they exist only to show the verified-professional badge.
var creators = []creatorSpec{
	{"asoulcalledjoel", "A Soul Called Joel", nil},
	{"dr.kojosarfo", "Dr. Kojo Sarfo", &credSpec{credential.KindMD, "US-NY", "DEMO-MD-0002"}},
	{"elainaefird", "Elaina Efird", nil},
	{"elysemyers", "Elyse Myers", nil},
	{"joelbervell", "Joel Bervell", nil},
	{"lindsay.fleminglpc", "Lindsay Fleming, LPC", &credSpec{credential.KindLPC, "US-TX", "DEMO-LPC-0001"}},
	{"nutritionbykylie", "Nutrition by Kylie", &credSpec{credential.KindRD, "US-FL", "DEMO-RD-0003"}},
	{"thepsychodoctormd", "ThePsychoDoctorMD", &credSpec{credential.KindPSYCHIATRIST, "US-CA", "DEMO-PSY-0004"}},
	{"therapyjeff", "Therapy Jeff", &credSpec{credential.KindLMFT, "US-TN", "DEMO-LMFT-0005"}},
	{"victoriabrowne", "Victoria Browne", nil},
}

const (
	demoCreatorHandle = "demo.creator"
	demoCreatorName   = "Demo Creator"
	demoCreatorBio    = "Demo creator profile for trying out drafts, submissions and reviews."
)

// Crisis-resource footers for pieces on sensitive topics.
const (
	resourcesUS = "If you or someone you know is struggling or in crisis, help is available right now. " +
		"In the US, call or text 988 to reach the 988 Suicide & Crisis Lifeline, or text HOME to 741741 " +
		"to reach Crisis Text Line. If someone is in immediate danger, call 911. Outside the US, " +
		"findahelpline.com lists free, confidential services near you."
	resourcesED = "If you are worried about your relationship with food or your body, you deserve support. " +
		"In the US, the ANAD helpline is at 1-888-375-7767, and NEDA's free online screening can help you " +
		"decide on a next step. If you are in crisis, call or text 988, or text HOME to 741741."
)

type pieceSpec struct {
	creator  string // handle; empty for an organization's own piece
	org      string // organization slug; may be set together with creator
	kind     enum.ContentKind
	title    string
	summary  string
	body     string
	media    string // media_url: the video, or the linked resource
	duration int    // seconds, videos only
	language string
	topics   []string
	hashtags []string
	feature  int // position among the campaign's CONTENT features; 0 when not featured
}

// pieces are the live content. Every piece also gets the PUBLISHED submission that produced it.
var pieces = []pieceSpec{
	// asoulcalledjoel
	{
		creator: "asoulcalledjoel", kind: enum.KindVideo,
		title:    "Naming the feeling: a one-minute check-in",
		summary:  "A short, gentle practice for noticing what you are feeling without judging it, and for choosing one small next step.",
		media:    "https://video.example.org/asoulcalledjoel/naming-the-feeling.mp4",
		duration: 75, language: "en",
		topics:   []string{"mindfulness", "stress"},
		hashtags: []string{"#MentalHealthAwareness", "#Mindfulness", "#CheckIn"},
	},
	{
		creator: "asoulcalledjoel", kind: enum.KindArticle,
		title:   "Grief doesn't follow a schedule",
		summary: "Grief comes in waves, not in tidy stages. A few ways to be gentle with yourself, and signs that it may help to talk to someone.",
		body: "People often talk about grief as if it moves through stages in order. In real life it rarely does. " +
			"You may feel steady for a week and then be undone by a song in a grocery store. That is not going backwards; " +
			"it is what grief usually looks like.\n\n" +
			"Some things that can help: keep a few simple routines, such as meals, a short walk or a regular bedtime. " +
			"Let the people around you know what kind of support you want, whether that is company, practical help or " +
			"space. Anniversaries and holidays can be hard, so it can help to plan for them.\n\n" +
			"There is no deadline for grief. If, over time, it keeps you from getting through your days, or you notice " +
			"thoughts of not wanting to live, please reach out to a doctor, a therapist or a grief support group. " +
			"In the US you can call or text 988 at any time.",
		language: "en",
		topics:   []string{"grief"},
		hashtags: []string{"#MentalHealthAwareness", "#Grief"},
	},
	{
		creator: "asoulcalledjoel", kind: enum.KindVideo,
		title:    "Cómo pedirle ayuda a alguien de confianza",
		summary:  "Ideas sencillas para empezar una conversación difícil con alguien de confianza cuando no te sientes bien.",
		media:    "https://video.example.org/asoulcalledjoel/pedir-ayuda.mp4",
		duration: 95, language: "es",
		topics:   []string{"peer-support"},
		hashtags: []string{"#SaludMental", "#MentalHealthAwareness"},
	},

	// dr.kojosarfo
	{
		creator: "dr.kojosarfo", kind: enum.KindVideo,
		title:    "Everyday worry or an anxiety disorder?",
		summary:  "Worry is a normal part of life. This explainer covers when anxiety starts to get in the way of work, school or relationships, and why it is worth talking to a professional.",
		media:    "https://video.example.org/dr.kojosarfo/worry-or-anxiety-disorder.mp4",
		duration: 180, language: "en",
		topics:   []string{"anxiety"},
		hashtags: []string{"#MentalHealthAwareness", "#Anxiety", "#AskADoctor"},
	},
	{
		creator: "dr.kojosarfo", kind: enum.KindArticle,
		title:   "What to expect at your first psychiatry appointment",
		summary: "A first appointment is mostly a conversation. What you may be asked, what to bring, and questions you can ask in return.",
		body: "A first psychiatry appointment is usually longer than later visits, and most of it is a conversation. " +
			"You may be asked what brought you in, how you have been sleeping and eating, how things are going at work, " +
			"school or home, your medical history, and whether mental health conditions run in your family.\n\n" +
			"It helps to bring a list of any medications and supplements you take, and a few notes about what you " +
			"have noticed and when it started. You do not need perfect answers.\n\n" +
			"You are allowed to ask questions too: what the options are, including therapy, how long treatment usually " +
			"takes, and what to do if something is not working. Treatment is a collaboration. If the fit does not feel " +
			"right, it is okay to look for another provider.",
		language: "en",
		topics:   []string{"therapy"},
		hashtags: []string{"#MentalHealthAwareness", "#AskADoctor"},
	},
	{
		creator: "dr.kojosarfo", org: "afsp", kind: enum.KindVideo,
		title: "Worried about someone? How to ask, and how to listen",
		summary: "Asking someone directly whether they are thinking about suicide does not put the idea in their head. " +
			"How to ask, how to listen without judgment, and how to connect them with help, including the 988 Suicide & Crisis Lifeline.",
		body: "If someone you care about seems withdrawn, talks about feeling like a burden, or just does not seem like " +
			"themselves, it is okay to ask them directly how they are doing, and whether they are having thoughts of suicide. " +
			"Research shows that asking does not increase risk; many people feel relief that someone noticed.\n\n" +
			"Listen more than you talk. You do not need to fix anything. Thank them for telling you, take them seriously, " +
			"and help them connect with support: a trusted person, their doctor or therapist, or a crisis line. " +
			"You can call or text 988 together.\n\n" + resourcesUS,
		media:    "https://video.example.org/dr.kojosarfo/how-to-ask-and-listen.mp4",
		duration: 240, language: "en",
		topics:   []string{"suicide-prevention", "peer-support"},
		hashtags: []string{"#MentalHealthAwareness", "#SuicidePrevention", "#988Lifeline"},
		feature:  3,
	},

	// elainaefird
	{
		creator: "elainaefird", org: "nami", kind: enum.KindVideo,
		title:    "Telling someone you're not okay",
		summary:  "Opening up can feel scary. A few ways to start the conversation, and what to do if the first person you tell doesn't respond the way you hoped.",
		media:    "https://video.example.org/elainaefird/telling-someone.mp4",
		duration: 150, language: "en",
		topics:   []string{"depression", "peer-support"},
		hashtags: []string{"#MentalHealthAwareness", "#YouAreNotAlone"},
		feature:  1,
	},
	{
		creator: "elainaefird", kind: enum.KindGuide,
		title:   "Tiny routines for heavy days",
		summary: "When low mood makes everything feel hard, small and kind routines can help. A short guide to starting where you are.",
		body: "On heavy days, big plans can feel impossible. Try shrinking the task until it feels doable: " +
			"drink a glass of water, open the curtains, step outside for two minutes, send one message to someone you trust.\n\n" +
			"1. Pick one anchor for the morning and one for the evening, such as a shower or a short walk.\n" +
			"2. Write down one thing you did today, however small. It counts.\n" +
			"3. Notice the voice that says you should be doing more, and answer it the way you would answer a friend.\n\n" +
			"Routines are support, not a cure. If low mood, loss of interest, or changes in sleep or appetite last more " +
			"than two weeks, talk to a doctor or therapist. If you have thoughts of ending your life, call or text 988 " +
			"in the US, any time.",
		language: "en",
		topics:   []string{"depression"},
		hashtags: []string{"#MentalHealthAwareness", "#SelfCare"},
	},

	// elysemyers
	{
		creator: "elysemyers", org: "made-of-millions", kind: enum.KindVideo,
		title:    "When your brain insists everyone is upset with you",
		summary:  "Anxious thoughts can feel like facts. A look at gently checking the evidence, and being kind to yourself while you do.",
		media:    "https://video.example.org/elysemyers/everyone-is-upset.mp4",
		duration: 120, language: "en",
		topics:   []string{"anxiety"},
		hashtags: []string{"#MentalHealthAwareness", "#Anxiety"},
	},
	{
		creator: "elysemyers", kind: enum.KindArticle,
		title:   "Stress is a signal, not a verdict",
		summary: "Stress tells you something matters. Ways to listen to it without letting it run the whole day.",
		body: "Stress is the body's way of getting ready for something that matters. In short bursts it can help you focus. " +
			"When it never switches off, it can wear you down.\n\n" +
			"Try noticing where stress shows up in your body: tight shoulders, a clenched jaw, a racing mind at night. " +
			"Then pick one small way to release it, like slow breathing, stretching, or stepping away from a screen.\n\n" +
			"Ask what the stress is pointing at. Is there a deadline you can talk about, a boundary you need, or help you can " +
			"ask for? If stress is affecting your sleep, health or relationships for weeks at a time, a therapist or doctor " +
			"can help you find a way through.",
		language: "en",
		topics:   []string{"stress", "mindfulness"},
		hashtags: []string{"#MentalHealthAwareness", "#StressLess"},
	},

	// joelbervell
	{
		creator: "joelbervell", kind: enum.KindVideo,
		title:    "Finding care that understands you",
		summary:  "Culture, language and identity can shape how people experience mental health and how comfortable they feel seeking care. Questions to ask when looking for a provider who is a good fit.",
		media:    "https://video.example.org/joelbervell/care-that-understands-you.mp4",
		duration: 170, language: "en",
		topics:   []string{"therapy"},
		hashtags: []string{"#MentalHealthAwareness", "#TherapyTips"},
	},
	{
		creator: "joelbervell", kind: enum.KindGuide,
		title:   "Questions to ask before your first therapy session",
		summary: "Most therapists offer a short first call. Questions that help you find out whether they are a good fit.",
		body: "Many therapists offer a short phone or video call before the first session. It is a good time to ask:\n\n" +
			"- What kinds of concerns do you usually work with?\n" +
			"- What approach do you use, and what does a typical session look like?\n" +
			"- Do you have experience with people who share my background or identity?\n" +
			"- What are your fees, do you take my insurance, and do you offer a sliding scale?\n" +
			"- How do we decide together whether therapy is helping?\n\n" +
			"Feeling comfortable with your therapist matters. If the first one is not the right fit, it is okay to keep looking.",
		language: "en",
		topics:   []string{"therapy"},
		hashtags: []string{"#MentalHealthAwareness", "#TherapyTips"},
	},

	// lindsay.fleminglpc
	{
		creator: "lindsay.fleminglpc", kind: enum.KindGuide,
		title:   "The 5-4-3-2-1 grounding exercise",
		summary: "A simple way to come back to the present when anxiety spikes, using your five senses.",
		body: "When anxiety pulls your attention into worst-case thinking, grounding can bring it back to the room you are in. " +
			"Go slowly, and breathe out a little longer than you breathe in.\n\n" +
			"5: Name five things you can see.\n" +
			"4: Name four things you can feel, like your feet on the floor or the fabric of your sleeve.\n" +
			"3: Name three things you can hear.\n" +
			"2: Name two things you can smell, or two smells you like.\n" +
			"1: Name one thing you can taste, or one kind thing you can say to yourself.\n\n" +
			"Grounding is a tool for the moment, not a replacement for care. If anxiety is getting in the way of daily life, " +
			"a counselor can help you build more tools.",
		language: "en",
		topics:   []string{"anxiety", "mindfulness"},
		hashtags: []string{"#MentalHealthAwareness", "#TherapyTips", "#Grounding"},
		feature:  2,
	},
	{
		creator: "lindsay.fleminglpc", kind: enum.KindVideo,
		title: "Self-harm urges: you deserve support",
		summary: "A counselor talks about why people sometimes turn to self-harm to cope, why there is no shame in asking for help, " +
			"and how to reach someone right now. Includes crisis resources.",
		body: "This video does not describe self-harm. It focuses on what helps: people often self-harm to cope with pain that " +
			"feels overwhelming, and that pain deserves care, not judgment.\n\n" +
			"When an urge shows up, it can help to reach out to someone, to change where you are, or to wait it out with " +
			"support, because urges rise and fall. A counselor can help you find ways of coping that work for you, " +
			"and many people find that, with support, things get better.\n\n" + resourcesUS,
		media:    "https://video.example.org/lindsay.fleminglpc/you-deserve-support.mp4",
		duration: 210, language: "en",
		topics:   []string{"self-harm"},
		hashtags: []string{"#MentalHealthAwareness", "#YouAreNotAlone"},
	},
	{
		creator: "lindsay.fleminglpc", kind: enum.KindArticle,
		title:   "Ansiedad: tres herramientas para el día a día",
		summary: "Tres prácticas sencillas para momentos de ansiedad: respirar despacio, volver al presente y hablar con alguien.",
		body: "La ansiedad es una respuesta normal del cuerpo, pero a veces se queda encendida más de la cuenta. " +
			"Estas tres herramientas pueden ayudarte en el momento:\n\n" +
			"1. Respira despacio, soltando el aire un poco más largo de lo que lo tomas.\n" +
			"2. Vuelve al presente: nombra cinco cosas que ves y cuatro que puedes tocar.\n" +
			"3. Habla con alguien de confianza. No tienes que explicarlo todo.\n\n" +
			"Si la ansiedad te impide hacer tu vida diaria, un profesional de salud mental puede ayudarte. " +
			"En Estados Unidos puedes llamar o enviar un mensaje de texto al 988, también en español, en cualquier momento.",
		language: "es",
		topics:   []string{"anxiety"},
		hashtags: []string{"#SaludMental", "#Ansiedad", "#MentalHealthAwareness"},
	},

	// nutritionbykylie
	{
		creator: "nutritionbykylie", kind: enum.KindArticle,
		title:   "Food and mood: gentle nutrition, not rules",
		summary: "Regular meals and variety support energy and mood. Why flexibility works better than strict food rules.",
		body: "What and when we eat can affect energy, focus and mood. Long gaps without eating can leave many people " +
			"irritable or foggy, and regular meals and snacks help keep energy steady.\n\n" +
			"Gentle nutrition means variety and enough food, not perfection. No single food is good or bad, and " +
			"rigid rules tend to add stress rather than reduce it. Enjoying food with other people counts too.\n\n" +
			"Food is one part of mental health, not a treatment on its own. If you are struggling with your mood, talk to " +
			"a doctor or therapist, and if thoughts about food or your body feel overwhelming, a registered dietitian who " +
			"works with eating concerns can help.",
		language: "en",
		topics:   []string{"nutrition"},
		hashtags: []string{"#MentalHealthAwareness", "#Nutrition"},
	},
	{
		creator: "nutritionbykylie", org: "alliance-for-eating-disorders", kind: enum.KindVideo,
		title: "Noticing when your relationship with food needs support",
		summary: "Eating disorders can affect people of any age, gender, body size or background. Signs it may be time to reach out, " +
			"and where to find support, including the ANAD helpline.",
		body: "This video talks about eating disorders without numbers, weights or descriptions of behaviors.\n\n" +
			"Some signs it may be time to reach out: food, eating or your body take up much of your thoughts; meals bring " +
			"strong anxiety, guilt or shame; you avoid eating with others; or people close to you have said they are worried. " +
			"You do not have to look a certain way or be \"sick enough\" to deserve help.\n\n" +
			"Eating disorders are serious, and recovery is possible. A doctor, a therapist and a dietitian who work with " +
			"eating disorders can help, and free support groups exist for you and your family.\n\n" + resourcesED,
		media:    "https://video.example.org/nutritionbykylie/food-relationship-support.mp4",
		duration: 195, language: "en",
		topics:   []string{"eating-disorders", "nutrition"},
		hashtags: []string{"#MentalHealthAwareness", "#EatingDisorderAwareness"},
	},

	// thepsychodoctormd
	{
		creator: "thepsychodoctormd", kind: enum.KindVideo,
		title:    "ADHD, anxiety, or both?",
		summary:  "Restlessness and trouble focusing can come from ADHD, from anxiety, or from both at once. Why a careful evaluation matters before drawing conclusions.",
		media:    "https://video.example.org/thepsychodoctormd/adhd-anxiety-or-both.mp4",
		duration: 200, language: "en",
		topics:   []string{"anxiety"},
		hashtags: []string{"#MentalHealthAwareness", "#ADHD", "#Anxiety"},
	},
	{
		creator: "thepsychodoctormd", kind: enum.KindArticle,
		title:   "Questions to bring to your prescriber",
		summary: "Starting or changing a medication raises questions. A list to take to your next appointment.",
		body: "If you are starting or changing a psychiatric medication, it is reasonable to ask:\n\n" +
			"- What is this medication for, and how will we know it is helping?\n" +
			"- How long does it usually take to work? Many antidepressants take several weeks to reach their full effect.\n" +
			"- Which side effects are common, and which ones should I call you about?\n" +
			"- Does it interact with my other medications, supplements or alcohol?\n" +
			"- What should I do if I miss a dose?\n\n" +
			"Please do not stop or change a medication on your own, even if you feel better; ask your prescriber how to do " +
			"it safely. And if you notice new or worsening thoughts of suicide, contact your prescriber right away, or call " +
			"or text 988 in the US.",
		language: "en",
		topics:   []string{"therapy", "depression"},
		hashtags: []string{"#MentalHealthAwareness", "#AskADoctor"},
	},
	{
		creator: "thepsychodoctormd", kind: enum.KindVideo,
		title:    "Burnout or depression? When to talk to someone",
		summary:  "Burnout and depression can look alike. Signs that it is more than a rough stretch at work, and why it is worth getting checked.",
		media:    "https://video.example.org/thepsychodoctormd/burnout-or-depression.mp4",
		duration: 225, language: "en",
		topics:   []string{"depression", "stress"},
		hashtags: []string{"#MentalHealthAwareness", "#Burnout"},
	},

	// therapyjeff
	{
		creator: "therapyjeff", kind: enum.KindVideo,
		title:    "Three things to say when a friend is struggling",
		summary:  "You don't need the perfect words. Three simple phrases that help a friend feel heard, and when to help them find more support.",
		media:    "https://video.example.org/therapyjeff/three-things-to-say.mp4",
		duration: 90, language: "en",
		topics:   []string{"peer-support"},
		hashtags: []string{"#MentalHealthAwareness", "#TherapyTips"},
		feature:  4,
	},
	{
		creator: "therapyjeff", kind: enum.KindGuide,
		title:   "Setting a boundary, kindly",
		summary: "Boundaries protect relationships rather than end them. A simple script for saying what you need.",
		body: "A boundary is a clear statement of what you will and will not do. It is about your own actions, " +
			"not about controlling someone else.\n\n" +
			"A simple script: name the situation, say how it affects you, and say what you will do. For example: " +
			"\"When calls come in after ten, I don't sleep well. I'm going to keep my phone on silent after ten and call you back in the morning.\"\n\n" +
			"Expect some discomfort the first few times, on both sides. That does not mean the boundary is wrong. " +
			"If boundaries feel impossible in a relationship, or you feel unsafe, a therapist can help you think it through.",
		language: "en",
		topics:   []string{"stress", "therapy"},
		hashtags: []string{"#MentalHealthAwareness", "#TherapyTips", "#Boundaries"},
	},
	{
		creator: "therapyjeff", kind: enum.KindArticle,
		title:   "You don't need a crisis to start therapy",
		summary: "Therapy is not only for emergencies. What it can help with, and how to get started.",
		body: "Many people wait until things feel unbearable before they look for a therapist. You do not have to. " +
			"Therapy can help with stress, relationships, big life changes, grief, or simply understanding yourself better.\n\n" +
			"To get started, you can ask your doctor for a referral, check your insurance plan's directory, or look for " +
			"community clinics and training clinics that offer lower-cost sessions.\n\n" +
			"And if things do feel unbearable right now, you do not have to wait for an appointment: in the US you can call " +
			"or text 988 any time.",
		language: "en",
		topics:   []string{"therapy"},
		hashtags: []string{"#MentalHealthAwareness", "#TherapyTips"},
	},

	// victoriabrowne
	{
		creator: "victoriabrowne", org: "peer-health-exchange", kind: enum.KindVideo,
		title:    "Talking with teens about mental health",
		summary:  "Conversations with teens go better side by side than face to face. Ideas for starting, listening, and knowing when to bring in more help. Teens can call or text 988 too.",
		media:    "https://video.example.org/victoriabrowne/talking-with-teens.mp4",
		duration: 160, language: "en",
		topics:   []string{"youth-mental-health", "peer-support"},
		hashtags: []string{"#MentalHealthAwareness", "#YouthMentalHealth"},
		feature:  5,
	},
	{
		creator: "victoriabrowne", kind: enum.KindArticle,
		title:   "Back to school, back to stress: a check-in for students",
		summary: "A new school year brings new routines and new pressure. A quick check-in, and people you can turn to.",
		body: "The start of a school year can be exciting and stressful at the same time. Take a minute to check in with yourself: " +
			"How am I sleeping? Am I eating regularly? Who can I talk to when things get hard?\n\n" +
			"Name one trusted adult at school, such as a counselor, a coach or a teacher, and one friend you can text. " +
			"Keep some time each week for something that is just for fun.\n\n" +
			"If you are feeling overwhelmed for more than a couple of weeks, tell a trusted adult. If you ever have thoughts of " +
			"hurting yourself, you can call or text 988, or text HOME to 741741, any time.",
		language: "en",
		topics:   []string{"youth-mental-health", "stress"},
		hashtags: []string{"#MentalHealthAwareness", "#BackToSchool", "#YouthMentalHealth"},
	},

	// Organizations' own pieces.
	{
		org: "afsp", kind: enum.KindResourceLink,
		title: "Talk Saves Lives: an introduction to suicide prevention",
		summary: "AFSP's community education program covers what research tells us about suicide, its risk factors and warning signs, " +
			"and how to help keep yourself and others safe. If you are struggling now, call or text 988.",
		body:     "Suicide is preventable, and everyone can play a role. " + resourcesUS,
		media:    "https://afsp.org/talk-saves-lives",
		language: "en",
		topics:   []string{"suicide-prevention"},
		hashtags: []string{"#MentalHealthAwareness", "#SuicidePrevention", "#TalkSavesLives"},
	},
	{
		org: "neda", kind: enum.KindResourceLink,
		title: "Eating disorders screening tool",
		summary: "A free, confidential online screening that can help you find out whether it may be time to seek professional help. " +
			"A screening is not a diagnosis.",
		body:     "Recovery is possible, and reaching out early helps. " + resourcesED,
		media:    "https://www.nationaleatingdisorders.org/screening-tool/",
		language: "en",
		topics:   []string{"eating-disorders"},
		hashtags: []string{"#MentalHealthAwareness", "#EatingDisorderAwareness"},
	},
	{
		org: "crisis-text-line", kind: enum.KindGuide,
		title:   "How texting a crisis counselor works",
		summary: "What happens when you text HOME to 741741: free, confidential, 24/7 support from a trained volunteer crisis counselor.",
		body: "Text HOME to 741741 from anywhere in the US, any time of day or night. It is free.\n\n" +
			"1. You will get a couple of automated messages first, while you are connected to a trained volunteer Crisis Counselor.\n" +
			"2. The counselor will introduce themselves and ask what is going on. You can share as much or as little as you want.\n" +
			"3. Together you work toward feeling calmer and safer, and you can make a plan for the next steps.\n\n" +
			"You do not have to be in an emergency to text: stress, loneliness, anxiety and thoughts of suicide are all reasons " +
			"to reach out. If you would rather talk, call or text 988. If someone is in immediate danger, call 911.",
		media:    "https://www.crisistextline.org",
		language: "en",
		topics:   []string{"suicide-prevention", "peer-support"},
		hashtags: []string{"#MentalHealthAwareness", "#CrisisTextLine"},
		feature:  6,
	},
}

// workflowSpec is a submission left in the workflow for the demo.
type workflowSpec struct {
	piece   pieceSpec
	status  string // DRAFT, SUBMITTED or APPROVED
	author  string // subject
	ago     int    // hours before now it was submitted (0 for a draft)
	version int
}

var pending = []workflowSpec{
	{
		status: "SUBMITTED", author: subjectCreator, ago: 30, version: 2,
		piece: pieceSpec{
			creator: demoCreatorHandle, kind: enum.KindArticle,
			title:   "If a friend's post worries you",
			summary: "What to do when something a friend shares online makes you worried about their safety: reach out, ask directly, and help them connect with support.",
			body: "Sometimes a post or message from a friend leaves you uneasy. Trust that feeling. Reach out privately, " +
				"say what you noticed, and ask directly whether they are thinking about suicide. Asking does not put the idea " +
				"in their head.\n\n" +
				"Listen without judgment, and help them connect with support: someone they trust, a doctor, or a crisis line. " +
				"Most platforms also let you report a post so their safety team can offer resources.\n\n" + resourcesUS,
			language: "en",
			topics:   []string{"suicide-prevention", "peer-support"},
			hashtags: []string{"#MentalHealthAwareness", "#SuicidePrevention", "#988Lifeline"},
		},
	},
	{
		status: "SUBMITTED", author: subjectCreator, ago: 6, version: 2,
		piece: pieceSpec{
			creator: demoCreatorHandle, kind: enum.KindVideo,
			title:    "A two-minute breathing break for anxious moments",
			summary:  "Follow along with slow, steady breathing, with a longer breath out, to help your body settle when anxiety rises.",
			media:    "https://video.example.org/demo.creator/breathing-break.mp4",
			duration: 120, language: "en",
			topics:   []string{"anxiety", "mindfulness"},
			hashtags: []string{"#MentalHealthAwareness", "#Anxiety"},
		},
	},
	{
		status: "DRAFT", author: subjectCreator, version: 1,
		piece: pieceSpec{
			creator: demoCreatorHandle, kind: enum.KindGuide,
			title:   "Mindful minutes for busy mornings",
			summary: "Three short practices that fit between the alarm and the front door.",
			body: "1. Before you reach for your phone, take three slow breaths.\n" +
				"2. While the kettle boils, notice five things you can see.\n" +
				"3. On the way out, set one intention for the day.",
			language: "en",
			topics:   []string{"mindfulness"},
			hashtags: []string{"#MentalHealthAwareness", "#Mindfulness"},
		},
	},
	{
		status: "APPROVED", author: subjectOrgMember, ago: 72, version: 3,
		piece: pieceSpec{
			org: "nami", kind: enum.KindGuide,
			title:   "Supporting a family member living with a mental health condition",
			summary: "Caring for someone you love starts with caring for yourself. Ways to learn, listen and find support as a family.",
			body: "When someone in your family is living with a mental health condition, it is normal to feel worried, unsure or tired. " +
				"You are not alone, and support exists for families too.\n\n" +
				"- Learn about the condition from reliable sources, so you know what to expect.\n" +
				"- Listen more than you advise, and ask how you can help.\n" +
				"- Look after your own sleep, health and relationships.\n" +
				"- Connect with other families in a support group or family education class.\n\n" +
				"If your family member talks about suicide or you are worried about their safety, call or text 988 in the US, " +
				"and call 911 in an emergency.",
			language: "en",
			topics:   []string{"peer-support", "depression"},
			hashtags: []string{"#MentalHealthAwareness", "#FamilySupport"},
		},
	},
}

type crisisSpec struct {
	key, name string
	kind      crisisresource.Kind
	contact   string
	url       string
	regions   []string
	languages []string
	hours     string
	priority  int
	org       string
}

// crisisResources are the crisis lines. Regions are ISO 3166-1 alpha-2 codes; "*" means everywhere.
var crisisResources = []crisisSpec{
	{"988-call", "988 Suicide & Crisis Lifeline", crisisresource.KindCALL, "Call 988",
		"https://988lifeline.org", []string{"US"}, []string{"en", "es"}, "24/7", 100, ""},
	{"988-text", "988 Suicide & Crisis Lifeline (text)", crisisresource.KindTEXT, "Text 988",
		"https://988lifeline.org", []string{"US"}, []string{"en", "es"}, "24/7", 95, ""},
	{"988-chat", "988 Lifeline Chat", crisisresource.KindCHAT, "Chat at 988lifeline.org",
		"https://988lifeline.org/chat", []string{"US"}, []string{"en", "es"}, "24/7", 90, ""},
	// The 988 Lifeline in Spanish: call 988 and press 2, or text AYUDA to 988.
	{"988-espanol", "988 Lifeline en español", crisisresource.KindCALL, "Llama al 988 y marca 2, o envía AYUDA al 988",
		"https://988lineadevida.org", []string{"US"}, []string{"es"}, "24/7", 99, ""},
	{"crisis-text-line-us", "Crisis Text Line", crisisresource.KindTEXT, "Text HOME to 741741",
		"https://www.crisistextline.org", []string{"US"}, []string{"en", "es"}, "24/7", 85, "crisis-text-line"},
	// Canada's national suicide crisis helpline, by call or text.
	{"988-canada", "9-8-8 Suicide Crisis Helpline (Canada)", crisisresource.KindCALL, "Call or text 9-8-8",
		"https://988.ca", []string{"CA"}, []string{"en", "fr"}, "24/7", 100, ""},
	// Quebec's suicide prevention line, in French.
	{"appelle-quebec", "Ligne québécoise de prévention du suicide", crisisresource.KindCALL, "Appelez le 1 866 APPELLE (277-3553)",
		"https://suicide.ca", []string{"CA"}, []string{"fr"}, "24/7", 95, ""},
	// Crisis Text Line's Canadian partner is Kids Help Phone, whose keyword is CONNECT.
	{"crisis-text-line-ca", "Crisis Text Line powered by Kids Help Phone (Canada)", crisisresource.KindTEXT, "Text CONNECT to 686868",
		"https://kidshelpphone.ca", []string{"CA"}, []string{"en", "fr"}, "24/7", 85, ""},
	{"crisis-text-line-uk", "Shout (UK)", crisisresource.KindTEXT, "Text SHOUT to 85258",
		"https://giveusashout.org", []string{"GB"}, []string{"en"}, "24/7", 85, ""},
	{"samaritans-uk", "Samaritans", crisisresource.KindCALL, "Call 116 123",
		"https://www.samaritans.org", []string{"GB", "IE"}, []string{"en"}, "24/7", 90, ""},
	{"anad-helpline", "ANAD Helpline (eating disorders)", crisisresource.KindCALL, "Call 1-888-375-7767",
		"https://anad.org", []string{"US"}, []string{"en"}, "Mon–Fri 9am–9pm CT", 50, ""},
	{"findahelpline", "Find A Helpline (international)", crisisresource.KindWEB, "findahelpline.com",
		"https://findahelpline.com", []string{"*"}, []string{"en"}, "24/7", 10, ""},
}

// resourceConcerns are the crises a line specializes in; the others take every crisis.
var resourceConcerns = map[string][]string{
	"anad-helpline": {"EATING_DISORDER"},
}
