package flow

// Codes lists every Code constant, for front ends that must have words
// for each (a test keeps the list complete).
func Codes() []Code {
	return []Code{
		CodeConsentRequired, CodeBadRequest, CodeCameraUnavailable, CodeMicUnavailable,
		CodeCaptureTimeout, CodeFaceAttempts, CodeVoiceAttempts, CodeLivenessFailed,
		CodeServerUnreachable, CodeServerNotConfigured, CodeServerError, CodeCancelled,
		CodeIdleTimeout, CodeFlowDeadline, CodeNotEnrolled, CodeUnknownCustomerNumber,
		CodeAlreadyRegistered, CodeDirectory, CodeInternal, CodeNotSupported, CodeEnrollmentFailed,
		CodeSetupFailed, CodeDeviceBusy, CodeDirectoryNotShared,
		CodeCameraFailed, CodePersonAlreadySet, CodeRateLimited, CodeRepeatRequest,
		CodeDocumentAttempts, CodeDocumentInvalid, CodeNoPortrait, CodeFaceMismatch,
	}
}

// FlowNames lists every FlowName constant.
func FlowNames() []FlowName {
	return []FlowName{FlowRegister, FlowVerify, FlowIdentify, FlowCheckDocument, FlowAdapt}
}

// Outcomes lists every Outcome constant.
func Outcomes() []Outcome {
	return []Outcome{
		OutcomeEnrolled, OutcomeVerified, OutcomeNotVerified, OutcomeIdentified,
		OutcomeNotIdentified, OutcomeAlreadyEnrolled, OutcomeAlreadyRegistered,
		OutcomeAbandoned, OutcomeFailed, OutcomeAdapted, OutcomeNotAdapted,
	}
}

// StepResults lists every StepResult constant.
func StepResults() []StepResult {
	return []StepResult{
		ResultError, ResultGiven, ResultRefused, ResultInvalid,
		ResultReady, ResultCamera, ResultMicrophone, ResultServer,
		ResultReserved, ResultTaken, ResultCreated, ResultMinted,
		ResultEnrolled, ResultDuplicate, ResultMatched, ResultNotMatched,
		ResultVerified, ResultNotVerified, ResultIdentified, ResultNotIdentified,
		ResultAdapted, ResultNotAdapted, ResultFailed, ResultSkippedNotEnrolled, ResultNoUsableSample,
		ResultConfirmed, ResultIncomplete, ResultBound, ResultFound, ResultMissing, ResultUnknown,
		ResultCaptured, ResultValid, ResultUnreadable, ResultNoPortrait,
		ResultDeleted, ResultPending,
	}
}

// DeletionKinds lists every DeletionKind constant.
func DeletionKinds() []DeletionKind { return []DeletionKind{DeleteUser, DeleteFace, DeleteVoice} }
