// Package audio is the kiosk's voice processing: WAV-file sources, a
// level meter, voice activity detection, endpointing, sample quality
// codes, resampling and WAV encoding/decoding. It imports no UI package
// and no sound library: the microphone is capture/audio/mic.
//
// Everything works on 16 kHz mono 16-bit PCM (Rate); sources at other
// rates are resampled once, on the way in.
package audio

// Rate is the sample rate of every Clip the package produces (Hz).
const Rate = 16000
