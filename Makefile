# biokiosk — two commands do everything on a fresh Debian 12 machine:
#   make run    install what is missing, build, start the app (embedded sandbox)
#   make test   install what is missing, lint, go test -race (headless)

SHELL      := /bin/bash
BIN        := bin/biokiosk
VERSION    ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS    := -X biokiosk/internal/cli.version=$(VERSION)
GOTAGS     ?=
TEST_TAGS  := matprofile devtools
# What 'make run' starts: the kiosk (attract screen) in a window, on the embedded sandbox
# unless a server is configured. ARGS=--kiosk for full screen, ARGS=help for the CLI.
ARGS       ?= --kiosk --windowed
export LANG   := en_US.UTF-8
export LC_ALL := en_US.UTF-8

.PHONY: all deps models build run test vet lint fuzz bench screenshots package deb deb-check deb-root-check clean

all: build

## deps: install the Debian packages that are missing (root, or sudo)
deps:
	@scripts/install-deps.sh

## models: fetch and verify the face models when missing
models: deps
	@scripts/fetch-models.sh

## build: compile bin/biokiosk
build: deps models
	go build -tags '$(GOTAGS)' -ldflags '$(LDFLAGS)' -o $(BIN) .

## run: build and start the app on its embedded default back end
run: build
	./$(BIN) $(ARGS)

## vet: go vet every package
vet: deps
	go vet -tags '$(TEST_TAGS)' ./...

## lint: gofmt (nothing to reformat), go vet, staticcheck and a ceiling
## on every function's cognitive complexity (gocognit); the two checkers
## are pinned and installed on first use into TOOLS
TOOLS              ?= $(CURDIR)/bin/tools
STATICCHECK_MOD    := honnef.co/go/tools/cmd/staticcheck
STATICCHECK_VER    := v0.8.2
GOCOGNIT_MOD       := github.com/uudashr/gocognit/cmd/gocognit
GOCOGNIT_VER       := v1.3.0
COGNITIVE_CEILING  := 30
# Each tool sits in a folder named after its version, so a new pin installs afresh.
STATICCHECK        := $(TOOLS)/staticcheck-$(STATICCHECK_VER)/staticcheck
GOCOGNIT           := $(TOOLS)/gocognit-$(GOCOGNIT_VER)/gocognit
lint: vet $(STATICCHECK) $(GOCOGNIT)
	@bad="$$(gofmt -l .)"; \
	if [ -n "$$bad" ]; then echo "gofmt: not formatted (run gofmt -w):"; echo "$$bad"; exit 1; fi
	$(STATICCHECK) -tags '$(TEST_TAGS)' ./...
	$(GOCOGNIT) -over $(COGNITIVE_CEILING) .

$(STATICCHECK):
	GOBIN=$(@D) go install $(STATICCHECK_MOD)@$(STATICCHECK_VER)

$(GOCOGNIT):
	GOBIN=$(@D) go install $(GOCOGNIT_MOD)@$(GOCOGNIT_VER)

## test: lint (with vet), then every test with the race detector,
## headless, the fuzz targets briefly, and the Debian package's check
test: deps models vet lint
	xvfb-run -a -s '-screen 0 1280x1024x24' \
		go test -race -tags '$(TEST_TAGS)' -timeout 20m ./...
	$(MAKE) --no-print-directory fuzz FUZZTIME=$(TEST_FUZZTIME)
	$(MAKE) --no-print-directory deb-check

## fuzz: every fuzz target for FUZZTIME each (make test runs them briefly;
## crashers are kept under the package's testdata/fuzz as regression tests)
FUZZ_TARGETS = ./imagesize:FuzzHugeHeaders ./imagesize:FuzzJPEGMarkers ./biometrics:FuzzResponses ./sandbox:FuzzParseForm ./capture/audio:FuzzParseWAV ./capture/face:FuzzAnalyzeImage ./sandbox/mrz:FuzzParse ./capture/document:FuzzAnalyzeDocument ./biometrics/verifik:FuzzAnswers
FUZZTIME ?= 2m
# make test gives each target a count of runs, not a duration: Go 1.26's
# fuzz coordinator can fail a duration-bounded run with "context deadline
# exceeded" on a busy machine (golang/go#75804, fixed in Go 1.27).
TEST_FUZZTIME ?= 3000x
fuzz: deps models
	@for t in $(FUZZ_TARGETS); do \
		echo "fuzz $${t#*:} ($(FUZZTIME))"; \
		go test -run '^$$' -fuzz "^$${t#*:}$$" -fuzztime $(FUZZTIME) "$${t%%:*}" || exit 1; \
	done

## bench: the benchmarks behind the README's figures
bench: deps models
	GOMAXPROCS=1 OPENCV_FOR_THREADS_NUM=1 go test -run '^$$' -bench . -benchmem ./...

## package: a Linux installer (tar.xz with a desktop entry and icon) in
## dist/, built with the pinned fyne tool from FyneApp.toml
FYNE_TOOL ?= fyne.io/tools/cmd/fyne@v1.7.4
package: deps models
	mkdir -p dist
	go run $(FYNE_TOOL) package --target linux --release --icon assets/icon.png --name biokiosk --app-id io.biokiosk.app
	mv biokiosk.tar.xz dist/
	@ls -l dist/

## deb: the Debian packages in dist/: biokiosk (the binary, the kiosk's face
## models, the units, the autostart (disabled), man page and docs) and
## biokiosk-sandbox (what only the embedded sandbox loads)
deb: deps models
	scripts/build-deb.sh dist

## deb-check: build the package and check it as IT would (contents,
## conffiles, md5sums, lintian, dependencies resolvable by apt, the
## unpacked binary runs with its models)
deb-check: deb
	scripts/check-deb.sh "$$(ls -t dist/biokiosk_*_amd64.deb | head -1)"

## deb-root-check: install the package into a fresh debootstrapped Debian 12
## root, run it there, provision a fleet kiosk and purge (root, debootstrap,
## Debian's mirror; minutes; not in make test)
deb-root-check: deb
	scripts/check-deb-root.sh "$$(ls -t dist/biokiosk_*_amd64.deb | head -1)"

## screenshots: the kiosk's main screens as PNGs in screenshots/ (not
## committed), under Xvfb, on a throwaway sandbox with a file camera; the
## driver is a developer tool, built only with -tags devtools (DEV_BIN)
SHOT_PORTRAIT ?= testdata/faces/portraits/obama.jpg
DEV_BIN       := bin/biokiosk-dev
screenshots: deps models
	go build -tags 'devtools $(GOTAGS)' -ldflags '$(LDFLAGS)' -o $(DEV_BIN) .
	rm -rf screenshots && mkdir -p screenshots/config
	@# The face at 800x600 with an eye distance of 123 px, over the gate's
	@# 0.18 of the height (108 px): the 800x600+92+0 crop measured 104
	@# (MOVE_CLOSER), so the walk's face step timed out.
	convert $(SHOT_PORTRAIT) -crop 680x510+152+10 +repage -resize 800x600 screenshots/camera.png
	@# Cameras that each need a correction: too far, high and to one side, too dark.
	convert screenshots/camera.png -resize 45% -background '#6b6b6b' -gravity center -extent 800x600 screenshots/camera-far.png
	convert screenshots/camera.png -page +200-120 -background '#6b6b6b' -flatten screenshots/camera-side.png
	convert screenshots/camera.png -modulate 25 screenshots/camera-dark.png
	XDG_CONFIG_HOME=$(CURDIR)/screenshots/config BIOKIOSK_SANDBOX_DB=$(CURDIR)/screenshots/sandbox.db \
		xvfb-run -a -s '-screen 0 1280x1024x24' ./$(DEV_BIN) screenshots --out screenshots --camera screenshots/camera.png --mic testdata/voice/en.wav \
		--guidance-cameras screenshots/camera-far.png,screenshots/camera-side.png,screenshots/camera-dark.png
	@ls screenshots/*/*.png

clean:
	rm -rf bin dist screenshots
