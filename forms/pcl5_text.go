package forms

// pcl5 is the PCL-5 (standard form, without the Criterion A part) as
// published by the US Department of Veterans Affairs National Center for
// PTSD; public domain.
var pcl5 = instrument{
	short: "PCL-5",
	kind:  KindPCL5,
	title: "PTSD Checklist for DSM-5 (PCL-5)",
	stem: "Below is a list of problems that people sometimes have in response to a very stressful experience. " +
		"Please read each problem carefully and then choose one of the answers to indicate how much you have been bothered by that problem in the past month. " +
		"In the past month, how much were you bothered by:",
	options: []string{"Not at all", "A little bit", "Moderately", "Quite a bit", "Extremely"},
	items: []instrumentItem{
		{text: "Repeated, disturbing, and unwanted memories of the stressful experience?"},
		{text: "Repeated, disturbing dreams of the stressful experience?"},
		{text: "Suddenly feeling or acting as if the stressful experience were actually happening again (as if you were actually back there reliving it)?"},
		{text: "Feeling very upset when something reminded you of the stressful experience?"},
		{text: "Having strong physical reactions when something reminded you of the stressful experience (for example, heart pounding, trouble breathing, sweating)?"},
		{text: "Avoiding memories, thoughts, or feelings related to the stressful experience?"},
		{text: "Avoiding external reminders of the stressful experience (for example, people, places, conversations, activities, objects, or situations)?"},
		{text: "Trouble remembering important parts of the stressful experience?"},
		{text: "Having strong negative beliefs about yourself, other people, or the world (for example, having thoughts such as: I am bad, there is something seriously wrong with me, no one can be trusted, the world is completely dangerous)?"},
		{text: "Blaming yourself or someone else for the stressful experience or what happened after it?"},
		{text: "Having strong negative feelings such as fear, horror, anger, guilt, or shame?"},
		{text: "Loss of interest in activities that you used to enjoy?"},
		{text: "Feeling distant or cut off from other people?"},
		{text: "Trouble experiencing positive feelings (for example, being unable to feel happiness or have loving feelings for people close to you)?"},
		{text: "Irritable behavior, angry outbursts, or acting aggressively?"},
		{text: "Taking too many risks or doing things that could cause you harm?"},
		{text: "Being \"superalert\" or watchful or on guard?"},
		{text: "Feeling jumpy or easily startled?"},
		{text: "Having difficulty concentrating?"},
		{text: "Trouble falling or staying asleep?"},
	},
	attribution: "PCL-5: Weathers, F. W., Litz, B. T., Keane, T. M., Palmieri, P. A., Marx, B. P., and Schnurr, P. P. (2013). " +
		"The PTSD Checklist for DSM-5. National Center for PTSD, US Department of Veterans Affairs. In the public domain.",
}
