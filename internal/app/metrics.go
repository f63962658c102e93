package app

import (
	"net/http"
	"regexp"
	"strconv"
	"time"

	"biokiosk/flow"
	"biokiosk/logging"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics are the kiosk's operational counters for /metrics (Prometheus
// text format), one registry per App. No label holds a customer number, a
// user id or a biometric figure: only flows, outcomes, reason codes,
// endpoints with their ids replaced, and status codes.
type Metrics struct {
	reg             *prometheus.Registry
	sessions        *prometheus.CounterVec
	captureSeconds  prometheus.Histogram
	captureTimeouts *prometheus.CounterVec
	voiceRefused    *prometheus.CounterVec
	apiCalls        *prometheus.CounterVec
	apiSeconds      *prometheus.HistogramVec
	deviceErrors    *prometheus.CounterVec
	info            *prometheus.GaugeVec
	backend         *prometheus.GaugeVec
}

func newMetrics() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		sessions: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "biokiosk_sessions_total",
			Help: "Flow sessions that ended, by flow and outcome."}, []string{"flow", "outcome"}),
		captureSeconds: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "biokiosk_face_step_seconds",
			Help: "Duration of the face step (capture and submission).", Buckets: []float64{1, 2, 3, 5, 8, 13, 20, 30, 60}}),
		captureTimeouts: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "biokiosk_capture_timeouts_total",
			Help: "Captures that gave up, by the most frequent blocking reason."}, []string{"reason"}),
		voiceRefused: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "biokiosk_voice_samples_refused_total",
			Help: "Voice samples refused, locally or by the server, by reason."}, []string{"reason"}),
		apiCalls: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "biokiosk_api_calls_total",
			Help: "Calls to the biometric API, by endpoint and HTTP status (\"error\" without an answer)."}, []string{"endpoint", "code"}),
		apiSeconds: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "biokiosk_api_call_seconds",
			Help: "Latency of calls to the biometric API, by endpoint.", Buckets: prometheus.DefBuckets}, []string{"endpoint"}),
		deviceErrors: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "biokiosk_device_errors_total",
			Help: "Camera and microphone failures, by device and code."}, []string{"device", "code"}),
		backend: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "biokiosk_backend_info",
			Help: "1 for what the kiosk talks to: kind (server, sandbox, or none: a fleet kiosk without a server), api, fleet."}, []string{"kind", "api", "fleet"}),
	}
	m.info = prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "biokiosk_instance_info",
		Help: "Always 1: the install's random instance id (kiosks cloned from one image share a host name, never this)."}, []string{"instance_id"})
	m.reg.MustRegister(m.sessions, m.captureSeconds, m.captureTimeouts, m.voiceRefused, m.apiCalls, m.apiSeconds, m.deviceErrors, m.info, m.backend)
	return m
}

// instance labels the metrics with the install's instance id.
func (m *Metrics) instance(id string) { m.info.WithLabelValues(id).Set(1) }

// setBackend makes k the one back end /metrics names.
func (m *Metrics) setBackend(k BackendKind) {
	m.backend.Reset()
	m.backend.WithLabelValues(k.Kind, k.API, strconv.FormatBool(k.Fleet)).Set(1)
}

// Handler serves the metrics.
func (m *Metrics) Handler() http.Handler { return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{}) }

// reasonRE finds the blocking reason in a capture timeout's detail.
var reasonRE = regexp.MustCompile(`most frequent problem ([A-Z_]+)`)

// observe counts what a flow event says.
func (m *Metrics) observe(e flow.Event) {
	switch e := e.(type) {
	case flow.Finished:
		m.sessions.WithLabelValues(string(e.Result.Flow), string(e.Result.Outcome)).Inc()
	case flow.StepLeft:
		if e.Report.Step == flow.StepFace {
			m.captureSeconds.Observe(float64(e.Report.MS) / 1000)
		}
	case flow.SampleRefused:
		if e.Step == flow.StepVoice {
			m.voiceRefused.WithLabelValues(string(e.Reason)).Inc()
		}
	case flow.Failed:
		if e.Err == nil {
			return
		}
		switch code := e.Err.Code; code {
		case flow.CodeCaptureTimeout:
			reason := "unknown"
			if s := reasonRE.FindStringSubmatch(e.Err.Detail); s != nil {
				reason = s[1]
			}
			m.captureTimeouts.WithLabelValues(reason).Inc()
		case flow.CodeCameraUnavailable, flow.CodeCameraFailed:
			m.deviceErrors.WithLabelValues("camera", string(code)).Inc()
		case flow.CodeMicUnavailable:
			m.deviceErrors.WithLabelValues("microphone", string(code)).Inc()
		}
	}
}

// transport counts and times every API call made through rt.
func (m *Metrics) transport(rt http.RoundTripper) http.RoundTripper {
	if rt == nil {
		rt = http.DefaultTransport
	}
	return metered{rt: rt, m: m}
}

type metered struct {
	rt http.RoundTripper
	m  *Metrics
}

func (t metered) RoundTrip(r *http.Request) (*http.Response, error) {
	ep := Endpoint(r.Method, r.URL.Path)
	t0 := time.Now()
	resp, err := t.rt.RoundTrip(r)
	t.m.apiSeconds.WithLabelValues(ep).Observe(time.Since(t0).Seconds())
	code := "error"
	if err == nil {
		code = strconv.Itoa(resp.StatusCode)
	}
	t.m.apiCalls.WithLabelValues(ep, code).Inc()
	return resp, err
}

// Endpoint is a call's label: the method and the path with every segment
// that is not a route word (a user id, a person, a registration) replaced
// by ":id", so no label names anyone (logging.RedactPath).
func Endpoint(method, path string) string { return method + " " + logging.RedactPath(path) }
