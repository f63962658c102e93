package sandbox

// message is a BiometrID message constant, as sent in a response's
// data.message. The vendor's spellings are kept on purpose (OCURRED,
// REALIABLE): clients match them byte for byte.
type message string

// The BiometrID messages the sandbox sends. They are a copy of the
// client's constants (biometrics.Msg*), not an import: the sandbox is an
// independent implementation of the API contract and depends on no client
// package. TestMessagesMatchClient keeps each one equal to the client's
// constant of the same name (msgX here, msgX there).
const (
	msgNewUserCreated                    message = "NEW_USER_CREATED"
	msgUserAlreadyAssociatedWithDevice   message = "USER_ALREADY_ASSOCIATED_WITH_DEVICE"
	msgUserRemovedWithSuccess            message = "USER_REMOVED_WITH_SUCCESS"
	msgFaceEnrolledWithSuccess           message = "FACE_ENROLLED_WITH_SUCCESS"
	msgFaceAdaptedWithSuccess            message = "FACE_ADAPTED_WITH_SUCCESS"
	msgUserFaceCredentialsDeleted        message = "USER_FACE_CREDENTIALS_DELETED"
	msgFaceRecognizedWithSuccess         message = "FACE_RECOGNIZED_WITH_SUCCESS"
	msgDialogueStartedWithSuccess        message = "DIALOGUE_STARTED_WITH_SUCCESS"
	msgAudioSubmittedWithSuccess         message = "AUDIO_SUBMITTED_WITH_SUCCESS"
	msgAudioVerifiedWithSuccess          message = "AUDIO_VERIFIED_WITH_SUCCESS"
	msgValidAttempt                      message = "VALID_ATTEMPT"
	msgAudioEnrolledWithSuccess          message = "AUDIO_ENROLLED_WITH_SUCCESS"
	msgAudioRecognizedWithSuccess        message = "AUDIO_RECOGNIZED_WITH_SUCCESS"
	msgUserVoiceCredentialsDeleted       message = "USER_VOICE_CREDENTIALS_DELETED"
	msgDocumentValidatedWithSuccess      message = "DOCUMENT_VALIDATED_WITH_SUCCESS"
	msgProcessing                        message = "PROCESSING"
	msgFaceComparedWithSuccess           message = "FACE_COMPARED_WITH_SUCCESS"
	msgStateRestartedWithSuccess         message = "STATE_RESTARTED_WITH_SUCCESS"
	msgDeviceNotAssociatedToUser         message = "DEVICE_NOT_ASSOCIATED_TO_USER"
	msgUserAlreadyRegisteredOnThisDevice message = "USER_ALREADY_REGISTERED_ON_THIS_DEVICE"
	msgFaceEnrollmentFailed              message = "FACE_ENROLLMENT_FAILED"
	msgFaceAlreadyDetectedOnGallery      message = "FACE_ALREADY_DETECTED_ON_GALLERY"
	msgFaceAdaptFailed                   message = "FACE_ADAPT_FAILED"
	msgFaceNotRealiableToAdapt           message = "FACE_NOT_REALIABLE_TO_ADAPT"
	msgFacePropertiesFailed              message = "FACE_PROPERTIES_FAILED"
	msgMultipleFacesDetected             message = "MULTIPLE_FACES_DETECTED"
	msgEnrollmentFailed                  message = "ENROLLMENT_FAILED"
	msgAudioRecognitionFailed            message = "AUDIO_RECOGNITION_FAILED"
	msgFaceComparisonFailed              message = "FACE_COMPARISON_FAILED"
	msgAuthenticationHeadersMissing      message = "AUTHENTICATION_HEADERS_MISSING"
	msgInvalidAuthenticationHeaders      message = "INVALID_AUTHENTICATION_HEADERS"
	msgRequestLimitReached               message = "REQUEST_LIMIT_REACHED"
	msgNotAllowedToCreateUsers           message = "NOT_ALLOWED_TO_CREATE_USERS"
	msgUserIDNotExists                   message = "USERID_NOT_EXISTS"
	msgClientNotFound                    message = "CLIENT_NOT_FOUND/CHECK_AUTHENTICATION_HEADERS"
	msgProblemOcurredRepeatRequest       message = "PROBLEM_OCURRED_REPEAT_REQUEST"
	msgEnrollUserFaceFirst               message = "ENROLL_USER_FACE_FIRST"
	msgEnrollUserVoiceFirst              message = "ENROLL_USER_VOICE_FIRST"
	msgNoFileOrInvalidFormat             message = "NO_FILE_OR_INVALID_FORMAT"
	msgLivenessFailed                    message = "LIVENESS_FAILED"
	msgLivenessRequired                  message = "LIVENESS_REQUIRED"
	msgDialogueNotStarted                message = "DIALOGUE_NOT_STARTED"
	msgDialogueAlreadyPending            message = "DIALOGUE_ALREADY_PENDING"
	msgVoiceAlreadyEnrolled              message = "VOICE_ALREADY_ENROLLED"
	msgLanguageNotAvailable              message = "LANGUAGE_NOT_AVAILABLE"
	msgRouteNotFound                     message = "ROUTE_NOT_FOUND"
)
