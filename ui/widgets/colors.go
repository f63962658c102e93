package widgets

import "image/color"

// Colours of the capture guides (the face oval, the document frame),
// which always come with the guidance in words (state is never conveyed
// by colour alone).
var (
	OvalSearching = color.NRGBA{R: 0xf5, G: 0xa6, B: 0x23, A: 0xff}
	OvalGood      = color.NRGBA{R: 0x2e, G: 0xcc, B: 0x71, A: 0xff}
	OvalNoFace    = color.NRGBA{R: 0xb0, G: 0xb0, B: 0xb0, A: 0xff}
)
