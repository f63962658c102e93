package ui

import "biokiosk/ui/core"

// The types the composition root implements and fills in, kept under
// their package ui names (see package core).
type (
	// Services is core.Services.
	Services = core.Services
	// Session is core.Session.
	Session = core.Session
	// ServerCheck is core.ServerCheck.
	ServerCheck = core.ServerCheck
	// ServerStore is core.ServerStore.
	ServerStore = core.ServerStore
	// Values is core.Values.
	Values = core.Values
	// Speaker is core.Speaker.
	Speaker = core.Speaker
)
