package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	authnv1 "k8s.io/api/authentication/v1"
	authzv1 "k8s.io/api/authorization/v1"
	"k8s.io/klog/v2"
)

// identity is what a bearer token maps to.
type identity struct {
	User     string
	Groups   []string
	ReadOnly bool
}

// authServer is a tiny loopback HTTP server that the apiserver's delegated
// authentication/authorization talks to (TokenReview, SubjectAccessReview).
// It also serves an empty, read-only stand-in for the few core/v1 lists the
// generic apiserver's shared informers ask for (e.g. Services, used to
// resolve conversion/admission webhook services), so those informers sync
// instead of erroring forever.
type authServer struct {
	tokens map[string]identity
	srv    *http.Server
	URL    string
}

var readVerbs = []string{"get", "list", "watch"}

// Non-resource paths everyone (even anonymous) may GET, like the
// system:public-info-viewer role in a real cluster.
var publicPaths = []string{"/healthz", "/livez", "/readyz", "/version"}

func startAuthServer(bindHost string, tokens map[string]identity) (*authServer, error) {
	ln, err := net.Listen("tcp", net.JoinHostPort(bindHost, "0"))
	if err != nil {
		return nil, err
	}
	a := &authServer{tokens: tokens, URL: "http://" + ln.Addr().String()}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /apis/authentication.k8s.io/v1/tokenreviews", a.tokenReview)
	mux.HandleFunc("POST /apis/authorization.k8s.io/v1/subjectaccessreviews", a.subjectAccessReview)
	mux.HandleFunc("GET /api/v1/{resource}", a.coreList)
	a.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := a.srv.Serve(ln); err != nil && err != http.ErrServerClosed {
			klog.Errorf("auth webhook server: %v", err)
		}
	}()
	return a, nil
}

func (a *authServer) Close() { _ = a.srv.Close() }

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

func (a *authServer) tokenReview(w http.ResponseWriter, r *http.Request) {
	var tr authnv1.TokenReview
	if err := json.NewDecoder(r.Body).Decode(&tr); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	tr.APIVersion, tr.Kind = "authentication.k8s.io/v1", "TokenReview"
	tr.Status = authnv1.TokenReviewStatus{Audiences: tr.Spec.Audiences}
	if id, ok := a.tokens[tr.Spec.Token]; ok && tr.Spec.Token != "" {
		tr.Status.Authenticated = true
		tr.Status.User = authnv1.UserInfo{Username: id.User, UID: id.User, Groups: id.Groups}
	} else {
		tr.Status.Error = "unknown bearer token"
	}
	tr.Spec.Token = ""
	writeJSON(w, http.StatusOK, &tr)
}

func (a *authServer) subjectAccessReview(w http.ResponseWriter, r *http.Request) {
	var sar authzv1.SubjectAccessReview
	if err := json.NewDecoder(r.Body).Decode(&sar); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	sar.APIVersion, sar.Kind = "authorization.k8s.io/v1", "SubjectAccessReview"
	sar.Status = decide(a.tokens, &sar.Spec)
	writeJSON(w, http.StatusOK, &sar)
}

func decide(tokens map[string]identity, spec *authzv1.SubjectAccessReviewSpec) authzv1.SubjectAccessReviewStatus {
	verb := ""
	if spec.ResourceAttributes != nil {
		verb = spec.ResourceAttributes.Verb
	} else if spec.NonResourceAttributes != nil {
		verb = spec.NonResourceAttributes.Verb
		p := spec.NonResourceAttributes.Path
		for _, pp := range publicPaths {
			if verb == "get" && (p == pp || strings.HasPrefix(p, pp+"/")) {
				return authzv1.SubjectAccessReviewStatus{Allowed: true, Reason: "public path"}
			}
		}
	}
	if slices.Contains(spec.Groups, "system:masters") {
		return authzv1.SubjectAccessReviewStatus{Allowed: true, Reason: "system:masters may do anything"}
	}
	for _, id := range tokens {
		if id.User != spec.User {
			continue
		}
		if !id.ReadOnly {
			return authzv1.SubjectAccessReviewStatus{Allowed: true, Reason: "admin"}
		}
		if slices.Contains(readVerbs, verb) {
			return authzv1.SubjectAccessReviewStatus{Allowed: true, Reason: fmt.Sprintf("%s may %s", id.User, verb)}
		}
		return authzv1.SubjectAccessReviewStatus{Denied: true, Reason: fmt.Sprintf("user %q is read-only (allowed verbs: get, list, watch)", id.User)}
	}
	return authzv1.SubjectAccessReviewStatus{Denied: true, Reason: "unknown user"}
}

// coreKinds are the core/v1 list kinds the stand-in answers (always empty).
var coreKinds = map[string]string{
	"services":   "Service",
	"namespaces": "Namespace",
	"endpoints":  "Endpoints",
	"secrets":    "Secret",
	"configmaps": "ConfigMap",
}

func (a *authServer) coreList(w http.ResponseWriter, r *http.Request) {
	kind, ok := coreKinds[r.PathValue("resource")]
	if !ok {
		writeJSON(w, http.StatusNotFound, map[string]any{
			"kind": "Status", "apiVersion": "v1", "status": "Failure", "reason": "NotFound", "code": 404,
			"message": "the server could not find the requested resource",
		})
		return
	}
	q := r.URL.Query()
	if q.Get("watch") != "true" && q.Get("watch") != "1" {
		writeJSON(w, http.StatusOK, map[string]any{
			"kind": kind + "List", "apiVersion": "v1",
			"metadata": map[string]any{"resourceVersion": "1"}, "items": []any{},
		})
		return
	}
	// Watch: nothing ever changes. For a streaming list (sendInitialEvents)
	// send the bookmark that marks the end of the (empty) initial state.
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	if q.Get("sendInitialEvents") == "true" {
		_ = json.NewEncoder(w).Encode(map[string]any{
			"type": "BOOKMARK",
			"object": map[string]any{
				"kind": kind, "apiVersion": "v1",
				"metadata": map[string]any{
					"resourceVersion": "1",
					"annotations":     map[string]string{"k8s.io/initial-events-end": "true"},
				},
			},
		})
	}
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
	timeout := 5 * time.Minute
	if s, err := strconv.Atoi(q.Get("timeoutSeconds")); err == nil && s > 0 {
		timeout = time.Duration(s) * time.Second
	}
	ctx, cancel := context.WithTimeout(r.Context(), timeout)
	defer cancel()
	<-ctx.Done()
}
