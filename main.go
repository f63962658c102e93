// Command biokiosk walks a person through biometric registration and
// verification at a bank-branch kiosk or a staff desk: it captures a face
// photo and voice samples locally and submits them to a biometric REST API.
// The command line lives in internal/cli, the composition in internal/app.
package main

import (
	"os"

	"biokiosk/internal/cli"
)

func main() { os.Exit(cli.Main()) }
