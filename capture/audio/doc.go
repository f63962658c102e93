// Package audio is the kiosk's voice capture: microphone and WAV-file
// sources, a level meter, voice activity detection, endpointing, sample
// quality codes and WAV encoding/decoding. It imports no UI package.
//
// Everything works on 16 kHz mono 16-bit PCM (Rate); sources at other
// rates are resampled once, on the way in.
package audio

// Rate is the sample rate of every Clip the package produces (Hz).
const Rate = 16000
