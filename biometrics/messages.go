package biometrics

// Message is a BiometrID message constant, as found in a response's
// data.message. The vendor's spellings are kept on purpose (OCURRED,
// REALIABLE): a faithful client and emulator must match them byte for byte.
type Message string

// Success and informational messages.
const (
	MsgNewUserCreated                    Message = "NEW_USER_CREATED"
	MsgUserAlreadyAssociatedWithDevice   Message = "USER_ALREADY_ASSOCIATED_WITH_DEVICE"
	MsgUserRemovedWithSuccess            Message = "USER_REMOVED_WITH_SUCCESS"
	MsgFaceEnrolledWithSuccess           Message = "FACE_ENROLLED_WITH_SUCCESS"
	MsgFaceAdaptedWithSuccess            Message = "FACE_ADAPTED_WITH_SUCCESS"
	MsgUserFaceCredentialsDeleted        Message = "USER_FACE_CREDENTIALS_DELETED"
	MsgFaceRecognizedWithSuccess         Message = "FACE_RECOGNIZED_WITH_SUCCESS"
	MsgDialogueStartedWithSuccess        Message = "DIALOGUE_STARTED_WITH_SUCCESS"
	MsgAudioSubmittedWithSuccess         Message = "AUDIO_SUBMITTED_WITH_SUCCESS"
	MsgAudioVerifiedWithSuccess          Message = "AUDIO_VERIFIED_WITH_SUCCESS"
	MsgValidAttempt                      Message = "VALID_ATTEMPT"
	MsgAudioEnrolledWithSuccess          Message = "AUDIO_ENROLLED_WITH_SUCCESS"
	MsgAudioRecognizedWithSuccess        Message = "AUDIO_RECOGNIZED_WITH_SUCCESS"
	MsgUserVoiceCredentialsDeleted       Message = "USER_VOICE_CREDENTIALS_DELETED"
	MsgDocumentValidatedWithSuccess      Message = "DOCUMENT_VALIDATED_WITH_SUCCESS"
	MsgProcessing                        Message = "PROCESSING"
	MsgFaceComparedWithSuccess           Message = "FACE_COMPARED_WITH_SUCCESS"
	MsgStateRestartedWithSuccess         Message = "STATE_RESTARTED_WITH_SUCCESS"
	MsgDeviceNotAssociatedToUser         Message = "DEVICE_NOT_ASSOCIATED_TO_USER"
	MsgUserAlreadyRegisteredOnThisDevice Message = "USER_ALREADY_REGISTERED_ON_THIS_DEVICE"
)

// Business failures: they arrive as HTTP 200 with status:false.
const (
	MsgFaceEnrollmentFailed         Message = "FACE_ENROLLMENT_FAILED"
	MsgFaceAlreadyDetectedOnGallery Message = "FACE_ALREADY_DETECTED_ON_GALLERY"
	MsgFaceAdaptFailed              Message = "FACE_ADAPT_FAILED"
	MsgFaceNotRealiableToAdapt      Message = "FACE_NOT_REALIABLE_TO_ADAPT"
	MsgFacePropertiesFailed         Message = "FACE_PROPERTIES_FAILED"
	MsgMultipleFacesDetected        Message = "MULTIPLE_FACES_DETECTED"
	MsgEnrollmentFailed             Message = "ENROLLMENT_FAILED"
	MsgAudioRecognitionFailed       Message = "AUDIO_RECOGNITION_FAILED"
	MsgFaceComparisonFailed         Message = "FACE_COMPARISON_FAILED"
)

// Request, authentication, quota and state errors (4xx/5xx).
const (
	MsgAuthenticationHeadersMissing        Message = "AUTHENTICATION_HEADERS_MISSING"
	MsgInvalidAuthenticationHeaders        Message = "INVALID_AUTHENTICATION_HEADERS"
	MsgRequestLimitReached                 Message = "REQUEST_LIMIT_REACHED"
	MsgNotAllowedToCreateUsers             Message = "NOT_ALLOWED_TO_CREATE_USERS"
	MsgUserIDNotExists                     Message = "USERID_NOT_EXISTS"
	MsgClientNotFound                      Message = "CLIENT_NOT_FOUND/CHECK_AUTHENTICATION_HEADERS"
	MsgProblemOcurredRepeatRequest         Message = "PROBLEM_OCURRED_REPEAT_REQUEST"
	MsgEnrollUserFaceFirst                 Message = "ENROLL_USER_FACE_FIRST"
	MsgEnrollUserVoiceFirst                Message = "ENROLL_USER_VOICE_FIRST"
	MsgNoVoiceEngineConfigurationAvailable Message = "NO_VOICE_ENGINE_CONFIGURATION_AVAILABLE"
	MsgNoFileOrInvalidFormat               Message = "NO_FILE_OR_INVALID_FORMAT"
)

// Constants biokiosk chose where the vendor docs are silent; the sandbox
// emits them and the client decodes them (docs/api-choices.md).
const (
	MsgLivenessFailed           Message = "LIVENESS_FAILED"
	MsgLivenessRequired         Message = "LIVENESS_REQUIRED"
	MsgDialogueNotStarted       Message = "DIALOGUE_NOT_STARTED"
	MsgDialogueAlreadyPending   Message = "DIALOGUE_ALREADY_PENDING"
	MsgVoiceAlreadyEnrolled     Message = "VOICE_ALREADY_ENROLLED"
	MsgLanguageNotAvailable     Message = "LANGUAGE_NOT_AVAILABLE"
	MsgOCRNotSupportedBySandbox Message = "OCR_NOT_SUPPORTED_BY_SANDBOX"
	MsgRouteNotFound            Message = "ROUTE_NOT_FOUND"
)
