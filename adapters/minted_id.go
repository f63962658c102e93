package adapters

import "regexp"

// mintedPattern is the shape of the ids the BioPass ID and Verifik
// adapters mint themselves (newID): 24 hexadecimal characters.
var mintedPattern = regexp.MustCompile(`^[0-9a-fA-F]{24}$`)

// mintedID reports whether s has the shape of an id this package mints.
// BiometrID's own ids are opaque (biometrics.CheckUserID); only the ids
// kiosk adapters mint are known to be 24-hex.
func mintedID(s string) bool { return mintedPattern.MatchString(s) }
