/* Unit tests of the report writers (table, JSON, CSV, trace).
 *
 * Most tests build a parley_forecast by hand, so that every case a report
 * must show -- a cycle, a median tie, a model that could not run, a trace
 * with moves -- is present with known numbers, whatever the models
 * compute.  One test runs the real driver to check determinism.
 */
#include <dirent.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

typedef struct fixture {
    parley_scenario s;
    parley_params params[2];
    parley_run runs[4]; /* 2 issues x 2 models */
    parley_round_record rounds[2];
    parley_move moves[1];
    double pos0[3], pos1[3], risk1[3], quota[1];
    size_t actor[3];
    parley_forecast f;
} fixture;

static void make_scenario(parley_scenario *s) {
    assert_int_equal(parley_scenario_init(s, 3, 2), PARLEY_OK);
    assert_int_equal(parley_set_string(&s->name, "Toy talks"), PARLEY_OK);
    assert_int_equal(parley_set_string(&s->source, "made up for the tests"), PARLEY_OK);
    const char *actors[] = {"north", "south", "east"};
    for (size_t a = 0; a < 3; ++a)
        assert_int_equal(parley_set_string(&s->actors[a].name, actors[a]), PARLEY_OK);
    /* an issue name that CSV must quote */
    assert_int_equal(parley_set_string(&s->issues[0].name, "tariff, \"phase 1\""), PARLEY_OK);
    s->issues[0].lo = 0;
    s->issues[0].hi = 25;
    s->issues[0].bounds_given = 1;
    assert_int_equal(parley_issue_add_label(&s->issues[0], 0, "free trade"), PARLEY_OK);
    assert_int_equal(parley_issue_add_label(&s->issues[0], 25, "prohibitive"), PARLEY_OK);
    s->issues[0].has_status_quo = 1;
    s->issues[0].status_quo = 7.385;
    assert_int_equal(parley_set_string(&s->issues[1].name, "quota"), PARLEY_OK);
    s->salience_scale = PARLEY_SALIENCE_PERCENT;
    const double pos[3] = {2.385, 19.75, 11.5}, sal[3] = {0.8, 0.65, 0.35}, cap[3] = {60, 40, 27.5};
    for (size_t a = 0; a < 3; ++a) {
        parley_cell *c = parley_scenario_cell(s, a, 0);
        c->present = 1;
        c->position = pos[a];
        c->salience = sal[a];
        c->capability = cap[a];
    }
    parley_cell *c = parley_scenario_cell(s, 0, 1); /* quota: north only */
    c->present = 1;
    c->position = 40;
    c->salience = 0.5;
    c->capability = 60;
}

static int setup(void **state) {
    fixture *x = test_calloc(1, sizeof *x);
    make_scenario(&x->s);
    assert_int_equal(parley_params_init(&x->params[0], parley_model_find("mean")), PARLEY_OK);
    assert_int_equal(parley_params_init(&x->params[1], parley_model_find("eu")), PARLEY_OK);
    for (size_t a = 0; a < 3; ++a)
        x->actor[a] = a;

    /* tariff x mean: static, median tied */
    parley_run *r = &x->runs[0];
    r->n = 3;
    r->actor = x->actor;
    r->outcome = (parley_outcome){.forecast = 10.125,
                                  .mean = 10.125,
                                  .median = 2.385,
                                  .median_tie = 1,
                                  .median_tie_lo = 2.385,
                                  .median_tie_hi = 11.5,
                                  .stop = PARLEY_STOP_STATIC};
    /* tariff x eu: a cycle, with a two-entry trace */
    r = &x->runs[1];
    r->n = 3;
    r->actor = x->actor;
    r->outcome = (parley_outcome){.forecast = 11.5,
                                  .mean = 9.875,
                                  .median = 11.5,
                                  .rounds = 6,
                                  .stop = PARLEY_STOP_CYCLE,
                                  .cycle = 1,
                                  .cycle_start = 4,
                                  .cycle_period = 2,
                                  .cycle_lo = 11.5,
                                  .cycle_hi = 12.25};
    x->pos0[0] = 2.385, x->pos0[1] = 19.75, x->pos0[2] = 11.5;
    x->pos1[0] = 2.385, x->pos1[1] = 14.5, x->pos1[2] = 11.5;
    x->risk1[0] = 1.25, x->risk1[1] = 0.5, x->risk1[2] = 2;
    x->moves[0] = (parley_move){.receiver = 1,
                                .sender = 2,
                                .kind = PARLEY_MOVE_COMPROMISE,
                                .e_i = -0.125,
                                .e_j = 0.375,
                                .from = 19.75,
                                .to = 14.5};
    x->rounds[0] = (parley_round_record){.median = 11.5, .mean = 10.125, .position = x->pos0};
    x->rounds[1] = (parley_round_record){.median = 11.5,
                                         .mean = 9.875,
                                         .position = x->pos1,
                                         .risk = x->risk1,
                                         .moves = x->moves,
                                         .n_moves = 1};
    r->rounds = x->rounds;
    r->n_rounds = 2;
    r->start = x->pos0;
    r->final = x->pos1;
    x->runs[0].start = x->runs[0].final = x->pos0; /* the mean moves no one */
    /* quota x mean: fine; quota x eu: could not run */
    r = &x->runs[2];
    r->n = 1;
    r->actor = x->actor;
    r->outcome =
        (parley_outcome){.forecast = 40, .mean = 40, .median = 40, .stop = PARLEY_STOP_STATIC};
    x->quota[0] = 40;
    r->start = r->final = x->quota;
    r = &x->runs[3];
    r->n = 1;
    r->actor = x->actor;
    r->status = PARLEY_EDOMAIN;
    parley_error_set(&r->error, PARLEY_EDOMAIN, NULL, 0, 0, "needs at least 2 actors");

    x->f = (parley_forecast){
        .scenario = &x->s, .params = x->params, .n_models = 2, .traced = 1, .runs = x->runs};
    *state = x;
    return 0;
}

static int teardown(void **state) {
    fixture *x = *state;
    parley_params_destroy(&x->params[0]);
    parley_params_destroy(&x->params[1]);
    parley_scenario_destroy(&x->s);
    test_free(x);
    return 0;
}

static const parley_report_meta meta = {"toy.json", "0.1.0", 2385, NULL};

static void assert_contains(const char *text, const char *needle) {
    if (!strstr(text, needle))
        fail_msg("missing \"%s\" in:\n%s", needle, text);
}

static void test_table(void **state) {
    fixture *x = *state;
    parley_buf b;
    parley_buf_init(&b);
    assert_int_equal(parley_report_table(&x->f, &meta, &b), PARLEY_OK);
    assert_contains(b.data, "Scenario:  Toy talks\n");
    assert_contains(b.data, "Source:    made up for the tests\n");
    assert_contains(b.data, "File:      toy.json\n");
    assert_contains(b.data, "Seed:      2385 ");
    assert_contains(b.data, "0 = free trade\n");
    assert_contains(b.data, "25 = prohibitive\n");
    assert_contains(b.data, "Status quo:  7.38\n"); /* 7.385 is 7.38499... in binary */
    assert_contains(b.data, "Status quo:  —\n");
    assert_contains(b.data, "cycle of period 2 from round 4, forecast range [11.50, 12.25]");
    assert_contains(b.data, "2.38*"); /* tied median flagged */
    assert_contains(b.data, "mean any point of [2.38, 11.50]");
    assert_contains(b.data, "could not run: needs at least 2 actors");
    assert_contains(b.data, "Starting positions (3 actors; salience on 0-100)");
    assert_contains(b.data, "south     19.75        65          40");
    parley_buf_destroy(&b);
}

static void test_csv(void **state) {
    fixture *x = *state;
    parley_buf b;
    parley_buf_init(&b);
    assert_int_equal(parley_report_csv(&x->f, &meta, &b), PARLEY_OK);
    /* 2.385 is written as the shortest decimal that reads back to the same
     * double (not 2.3849999999999998); the failed run says why, with the
     * table's text (issue 10, faults 8 and 9) */
    assert_string_equal(
        b.data, "issue,model,status,forecast,mean,median,rounds,stop,error,outcome,error_pct\r\n"
                "\"tariff, \"\"phase 1\"\"\",mean,ok,10.125,10.125,2.385,0,static,,,\r\n"
                "\"tariff, \"\"phase 1\"\"\",eu,ok,11.5,9.875,11.5,6,cycle,,,\r\n"
                "quota,mean,ok,40,40,40,0,static,,,\r\n"
                "quota,eu,error,,,,,,needs at least 2 actors,,\r\n");
    /* with an observed outcome of 38 on quota (scale 0-100): the mean's 40
     * is 100 * (40 - 38) / 100 = 2 % of the scale too high */
    parley_observed_outcome q = {1, 38, NULL, NULL, NULL, NULL};
    assert_int_equal(parley_issue_set_outcome(&x->s, 1, &q), PARLEY_OK);
    parley_buf_destroy(&b);
    parley_buf_init(&b);
    assert_int_equal(parley_report_csv(&x->f, &meta, &b), PARLEY_OK);
    assert_contains(b.data, "quota,mean,ok,40,40,40,0,static,,38,2\r\n");
    assert_contains(b.data, "quota,eu,error,,,,,,needs at least 2 actors,38,\r\n");
    parley_buf_destroy(&b);
}

static void test_json(void **state) {
    fixture *x = *state;
    parley_buf b;
    parley_buf_init(&b);
    assert_int_equal(parley_report_json(&x->f, &meta, &b), PARLEY_OK);
    json_error_t e;
    json_t *doc = json_loads(b.data, 0, &e);
    assert_non_null(doc);
    /* members in the documented order */
    const char *order[] = {"parley_version", "scenario", "seed", "models", "issues"};
    size_t k = 0;
    const char *key;
    json_t *v;
    json_object_foreach(doc, key, v) {
        assert_true(k < 5);
        assert_string_equal(key, order[k++]);
    }
    assert_int_equal(json_integer_value(json_object_get(doc, "seed")), 2385);
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(doc, "scenario"), "file")), "toy.json");
    json_t *issues = json_object_get(doc, "issues");
    assert_int_equal(json_array_size(issues), 2);
    json_t *tariff = json_array_get(issues, 0), *quota = json_array_get(issues, 1);
    assert_true(json_is_null(json_object_get(quota, "status_quo")));
    assert_close(json_real_value(json_object_get(tariff, "status_quo")), 7.385, 0);
    /* reals as the shortest decimal that reads back exactly (issue 10,
     * fault 9): "7.385", not jansson's "7.3849999999999998"; a whole value
     * stays a real ("40.0"); escaped quotes in strings are left alone */
    assert_contains(b.data, "\"status_quo\": 7.385,");
    assert_contains(b.data, "\"median\": 2.385,");
    assert_contains(b.data, "\"forecast\": 40.0,");
    assert_null(strstr(b.data, "99999"));
    assert_contains(b.data, "\"tariff, \\\"phase 1\\\"\"");
    json_t *eu = json_array_get(json_object_get(tariff, "results"), 1);
    json_t *cycle = json_object_get(eu, "cycle");
    assert_int_equal(json_integer_value(json_object_get(cycle, "period")), 2);
    assert_int_equal(json_integer_value(json_object_get(cycle, "start")), 4);
    json_t *failed = json_array_get(json_object_get(quota, "results"), 1);
    assert_string_equal(json_string_value(json_object_get(failed, "status")), "error");
    assert_string_equal(json_string_value(json_object_get(failed, "error")),
                        "needs at least 2 actors");
    assert_null(json_object_get(failed, "forecast"));
    assert_null(json_object_get(failed, "actors"));
    /* every actor's start and final position (item 9 of issue 12) */
    json_t *south = json_array_get(json_object_get(eu, "actors"), 1);
    assert_string_equal(json_string_value(json_object_get(south, "name")), "south");
    assert_close(json_real_value(json_object_get(south, "start")), 19.75, 0);
    assert_close(json_real_value(json_object_get(south, "final")), 14.5, 0);
    json_t *qa = json_array_get(
        json_object_get(json_array_get(json_object_get(quota, "results"), 0), "actors"), 0);
    assert_close(json_real_value(json_object_get(qa, "final")), 40, 0);
    /* the trace: only the run that played rounds */
    json_t *trace = json_object_get(tariff, "trace");
    assert_int_equal(json_array_size(trace), 1);
    json_t *round1 = json_array_get(json_object_get(json_array_get(trace, 0), "rounds"), 1);
    json_t *move = json_array_get(json_object_get(round1, "moves"), 0);
    assert_string_equal(json_string_value(json_object_get(move, "receiver")), "south");
    assert_string_equal(json_string_value(json_object_get(move, "sender")), "east");
    assert_string_equal(json_string_value(json_object_get(move, "kind")), "compromise");
    assert_int_equal(json_array_size(json_object_get(quota, "trace")), 0);
    json_decref(doc);
    parley_buf_destroy(&b);
}

static void test_trace(void **state) {
    fixture *x = *state;
    parley_buf b;
    parley_buf_init(&b);
    assert_int_equal(parley_report_trace(&x->f, &b), PARLEY_OK);
    assert_contains(
        b.data, "round 1: south <- east compromise from 19.75 to 14.50 (e_i=-0.125, e_j=0.375)\n");
    assert_contains(b.data, "south     14.50     0.500\n");
    assert_contains(b.data, "median 11.50, mean 9.88\n");
    assert_null(strstr(b.data, "quota")); /* no rounds there */
    parley_buf_destroy(&b);
    x->f.traced = 0;
    parley_buf_init(&b);
    assert_int_equal(parley_report_trace(&x->f, &b), PARLEY_EINVAL);
    parley_buf_destroy(&b);
    x->f.traced = 1;
}

/* The "In brief" sentence of an issue, for every way its scale can be
 * labelled (quota: headline model = mean, forecast 40 on 0-100). */
static char *html_of(fixture *x) {
    parley_html_options o = {.actor = (size_t)-1, .command = NULL};
    parley_buf b;
    parley_buf_init(&b);
    assert_int_equal(parley_report_html(&x->f, &meta, &o, NULL, &b, NULL), PARLEY_OK);
    char *text = strdup(b.data);
    parley_buf_destroy(&b);
    return text;
}

static void assert_lacks(const char *text, const char *needle) {
    if (strstr(text, needle))
        fail_msg("unexpected \"%s\" in the page", needle);
}

static void clear_labels(parley_issue *is) {
    for (size_t k = 0; k < is->n_labels; ++k)
        free(is->labels[k].label);
    is->n_labels = 0;
}

static void test_html_brief_labels(void **state) {
    fixture *x = *state;
    parley_issue *quota = &x->s.issues[1];
    /* both ends labelled (tariff) */
    char *h = html_of(x);
    assert_contains(h, "<b class=\"fc\">11.5</b> on a scale where 0 = <q>free trade</q> and 25 = "
                       "<q>prohibitive</q>.");
    /* no label at all */
    assert_contains(
        h, "the compromise model forecasts <b class=\"fc\">40</b> on a scale from 0 to 100.</p>");
    assert_lacks(h, "where 0 and");
    /* the story's heading names the model in words, without nested brackets */
    assert_contains(h, "<h4>What happened, round by round, under the expected utility model</h4>");
    assert_lacks(h, "and 100.");
    free(h);
    /* only the lower end labelled, the forecast on its half */
    assert_int_equal(parley_issue_add_label(quota, 0, "none"), PARLEY_OK);
    h = html_of(x);
    assert_contains(
        h, "<b class=\"fc\">40</b> on a scale from 0 to 100, where 0 = <q>none</q>. That is "
           "closer to the lower end of the scale.</p>");
    free(h);
    /* only the upper end labelled, the forecast on the other half: no "closer to" */
    clear_labels(quota);
    assert_int_equal(parley_issue_add_label(quota, 100, "all"), PARLEY_OK);
    h = html_of(x);
    assert_contains(h,
                    "<b class=\"fc\">40</b> on a scale from 0 to 100, where 100 = <q>all</q>.</p>");
    free(h);
    /* labels only in the middle */
    clear_labels(quota);
    assert_int_equal(parley_issue_add_label(quota, 40, "forty"), PARLEY_OK);
    assert_int_equal(parley_issue_add_label(quota, 70, "seventy"), PARLEY_OK);
    h = html_of(x);
    assert_contains(h,
                    "<b class=\"fc\">40</b> on a scale from 0 to 100. That is exactly the labelled "
                    "point 40 = <q>forty</q>.");
    free(h);
    clear_labels(quota);
    assert_int_equal(parley_issue_add_label(quota, 50, "fifty"), PARLEY_OK);
    h = html_of(x);
    assert_contains(h,
                    "on a scale from 0 to 100. The nearest labelled point is 50 = <q>fifty</q>.");
    free(h);
}

/* Counts in words agree with the number: "1 actor", "3 actors". */
static void test_singular_actor(void **state) {
    fixture *x = *state;
    char *h = html_of(x);
    assert_contains(h, "3 actors negotiate 2 issues.");
    free(h);
    parley_buf b;
    parley_buf_init(&b);
    assert_int_equal(parley_report_table(&x->f, &meta, &b), PARLEY_OK);
    assert_contains(b.data,
                    "Starting positions (1 actor; salience on 0-100)"); /* quota: north only */
    parley_buf_destroy(&b);
}

/* Chart file stems: readable, ASCII, unique, whole (kind and model kept). */
/* "How good are these models": tariff (scale 0-25) observed at 5: eu's
 * 11.5 is 100 * 6.5 / 25 = 26 % of the scale too high, the mean's 10.125
 * 100 * 5.125 / 25 = 20.5 %; quota observed at 38: the mean's 40 is 2 %
 * off, within the 10 % that counts as borne out. */
static void test_html_outcomes(void **state) {
    fixture *x = *state;
    char *page = html_of(x);
    assert_lacks(page, "How good are these models"); /* no outcome, no backtest */
    free(page);
    parley_observed_outcome t = {1, 5, "2020-05-01", "made up", NULL, NULL},
                            q = {1, 38, NULL, "made up", NULL, NULL};
    assert_int_equal(parley_issue_set_outcome(&x->s, 0, &t), PARLEY_OK);
    assert_int_equal(parley_issue_set_outcome(&x->s, 1, &q), PARLEY_OK);
    page = html_of(x);
    assert_contains(page, "<h2>How good are these models</h2>");
    assert_contains(
        page,
        "History went against the eu forecast on tariff, &quot;phase 1&quot;: it says 11.5, but "
        "the outcome as of 2020-05-01 was 5, 26 % of the scale lower.");
    assert_contains(page, "+26 %"); /* eu's error in the outcome table */
    assert_lacks(page, "forecast on quota");
    free(page);
}

static void test_chart_file_stem(void **state) {
    (void)state;
    char b[200];
    parley_chart_file_stem(b, sizeof b, "positions", 0,
                           "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e issue", "eu");
    assert_string_equal(b, "positions-1-issue-eu"); /* was positions-1-__________issue-eu */
    parley_chart_file_stem(b, sizeof b, "power", 1, "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", "eu");
    assert_string_equal(b, "power-2-eu"); /* nothing ASCII left: the issue number alone */
    parley_chart_file_stem(b, sizeof b, "fan", 2, "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", NULL);
    assert_string_equal(b, "fan-3");
    parley_chart_file_stem(b, sizeof b, "fan", 0, "Tariff 'phase 1' (EU)", NULL);
    assert_string_equal(b, "fan-1-tariff_phase_1_eu");
    parley_chart_file_stem(b, sizeof b, "fan", 0, "caf\xc3\xa9-au-lait_2", NULL);
    assert_string_equal(b, "fan-1-caf_-au-lait_2");
    /* a long name is cut, the model is kept */
    char longname[400];
    memset(longname, 'x', sizeof longname - 1);
    longname[sizeof longname - 1] = '\0';
    parley_chart_file_stem(b, sizeof b, "challenges", 9, longname, "exchange");
    assert_int_equal(strlen(b), strlen("challenges-10-") + 48 + strlen("-exchange"));
    assert_string_equal(b + strlen(b) - strlen("-exchange"), "-exchange");
    /* a tiny buffer is still terminated */
    char t[4];
    parley_chart_file_stem(t, sizeof t, "positions", 0, "a", NULL);
    assert_string_equal(t, "pos");
}

/* The charts of a report with non-ASCII issue names have distinct,
 * readable names. */
static void test_chart_names_unique(void **state) {
    fixture *x = *state;
    free(x->s.issues[0].name);
    x->s.issues[0].name = strdup("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e issue");
    parley_chart_set cs;
    parley_chart_set_init(&cs);
    parley_html_options o = {.actor = (size_t)-1, .command = NULL};
    assert_int_equal(parley_report_charts(&x->f, &o, &cs, NULL), PARLEY_OK);
    assert_true(cs.n >= 1);
    int seen = 0;
    for (size_t k = 0; k < cs.n; ++k) {
        for (const char *p = cs.items[k].name; *p; ++p)
            assert_non_null(strchr("abcdefghijklmnopqrstuvwxyz0123456789-_", *p));
        assert_null(strstr(cs.items[k].name, "__"));
        for (size_t j = 0; j < k; ++j)
            assert_string_not_equal(cs.items[j].name, cs.items[k].name);
        if (strcmp(cs.items[k].name, "positions-1-issue-eu") == 0) {
            seen = 1; /* the caption names the model in words, not by its title */
            assert_contains(cs.items[k].caption,
                            "round by round, under the expected utility model. ");
        }
    }
    assert_true(seen);
    parley_chart_set_destroy(&cs);
}

/* The real driver: the same forecast twice gives the same bytes. */
static void test_deterministic(void **state) {
    fixture *x = *state;
    char *text[2];
    for (int k = 0; k < 2; ++k) {
        parley_forecast f;
        parley_error err;
        assert_int_equal(parley_forecast_init(&f, &x->s, x->params, 2, 1, &err), PARLEY_OK);
        parley_buf b;
        parley_buf_init(&b);
        assert_int_equal(parley_report_json(&f, &meta, &b), PARLEY_OK);
        assert_int_equal(parley_report_table(&f, &meta, &b), PARLEY_OK);
        assert_int_equal(parley_report_trace(&f, &b), PARLEY_OK);
        text[k] = strdup(b.data);
        parley_buf_destroy(&b);
        parley_forecast_destroy(&f);
    }
    assert_string_equal(text[0], text[1]);
    free(text[0]);
    free(text[1]);
}

/* The analysis sections of the HTML report on small.json (one issue,
 * "budget"): the headline model is the expected utility model (flagged
 * PARLEY_REPORT_HEADLINE) wherever it stands, else the last model; the
 * leverage section adds one chart for the one issue, the same chart as
 * computing the leverage and charting it by hand; the ensemble section adds
 * the issue's histogram first, captioned with the noise as typed. */
static void test_report_sections(void **state) {
    (void)state;
    parley_scenario s;
    load_scenario(&s, "cli/small.json");
    parley_params p[2];
    assert_int_equal(parley_params_init(&p[0], &parley_model_mean), PARLEY_OK);
    assert_int_equal(parley_params_init(&p[1], &parley_model_eu), PARLEY_OK);
    assert_int_equal(parley_report_headline(p, 2), 1);
    assert_int_equal(parley_report_headline(p, 1), 0);
    assert_int_equal(parley_report_headline(p + 1, 1), 0);
    parley_forecast f;
    parley_error err;
    assert_int_equal(parley_forecast_init(&f, &s, p, 2, 1, &err), PARLEY_OK);

    parley_chart_set a, b;
    parley_chart_set_init(&a);
    parley_chart_set_init(&b);
    assert_int_equal(parley_report_add_leverage(&f, 0, &a, &err), PARLEY_OK);
    assert_int_equal(a.n, 1);
    assert_int_equal(a.items[0].kind, PARLEY_CHART_LEVERAGE);
    assert_int_equal(a.items[0].issue, 0);
    parley_leverage lev;
    assert_int_equal(parley_leverage_compute(&lev, &s, p, 2, 0.05, 0.1, 0, &err), PARLEY_OK);
    assert_int_equal(
        parley_report_leverage_charts(&s, &lev, 1, 10, 0.1, p[1].type->title, &b, &err), PARLEY_OK);
    assert_int_equal(b.n, 1);
    assert_string_equal(a.items[0].svg.data, b.items[0].svg.data);
    parley_leverage_destroy(&lev);
    parley_chart_set_destroy(&a);
    parley_chart_set_destroy(&b);

    parley_chart_set_init(&a);
    assert_int_equal(parley_report_add_ensemble(&f, 40, 0.125, "0.125", 7, 0, &a, &err), PARLEY_OK);
    assert_true(a.n >= 1);
    assert_int_equal(a.items[0].kind, PARLEY_CHART_ENSEMBLE);
    assert_int_equal(a.items[0].issue, 0);
    assert_non_null(strstr(a.items[0].caption, "0.125"));
    parley_chart_set_destroy(&a);
    /* a memory limit below one replicate's needs is refused, nothing run */
    parley_chart_set_init(&a);
    assert_int_equal(parley_report_add_ensemble(&f, 40, 0.125, "0.125", 7, 16, &a, &err),
                     PARLEY_EDATA);
    assert_int_equal(a.n, 0);
    parley_chart_set_destroy(&a);
    parley_forecast_destroy(&f);
    parley_params_destroy(&p[0]);
    parley_params_destroy(&p[1]);
    parley_scenario_destroy(&s);
}

/* parley_report_format_from_string: the three names of -f FORMAT, in the
 * enum's order; anything else (case matters, NULL) refused in the words
 * the CLI prints, the format left alone. */
static void test_report_format_names(void **state) {
    (void)state;
    static const char *const names[] = {"table", "json", "csv"};
    static const parley_report_format codes[] = {PARLEY_REPORT_TABLE, PARLEY_REPORT_JSON,
                                                 PARLEY_REPORT_CSV};
    parley_error err;
    for (size_t k = 0; k < 3; ++k) {
        parley_report_format f = (parley_report_format)99;
        assert_int_equal(parley_report_format_from_string(names[k], &f, &err), PARLEY_OK);
        assert_int_equal(f, codes[k]);
    }
    parley_report_format f = PARLEY_REPORT_CSV;
    const char *bad[] = {"xml", "JSON", "", "table "};
    for (size_t k = 0; k < 4; ++k) {
        parley_error_clear(&err);
        assert_int_equal(parley_report_format_from_string(bad[k], &f, &err), PARLEY_EINVAL);
        assert_int_equal(err.status, PARLEY_EINVAL);
        assert_int_equal(f, PARLEY_REPORT_CSV);
    }
    assert_string_equal(err.message, "unknown format 'table ' (formats: table, json, csv)");
    assert_int_equal(parley_report_format_from_string(NULL, &f, &err), PARLEY_EINVAL);
    assert_string_equal(err.message, "unknown format '(none)' (formats: table, json, csv)");
    assert_int_equal(parley_report_format_from_string("json", NULL, &err), PARLEY_EINVAL);
    assert_int_equal(parley_report_format_from_string("xml", &f, NULL), PARLEY_EINVAL);
}

/* parley_report_forecast is `parley forecast -f FORMAT`: each format's
 * writer, the table followed by the trace with trace = 1, and the trace of
 * an untraced forecast refused. */
static void test_report_forecast(void **state) {
    (void)state;
    parley_scenario s;
    load_scenario(&s, "cli/small.json");
    parley_params p;
    assert_int_equal(parley_params_init(&p, &parley_model_eu), PARLEY_OK);
    parley_forecast f, g;
    parley_error err;
    assert_int_equal(parley_forecast_init(&f, &s, &p, 1, 1, &err), PARLEY_OK);
    assert_int_equal(parley_forecast_init(&g, &s, &p, 1, 0, &err), PARLEY_OK);
    parley_report_meta meta = {"small.json", "0", 0, NULL};
    parley_buf a, b;
    parley_buf_init(&a);
    parley_buf_init(&b);
    assert_int_equal(parley_report_forecast(&f, PARLEY_REPORT_TABLE, 1, &meta, &a), PARLEY_OK);
    assert_int_equal(parley_report_table(&f, &meta, &b), PARLEY_OK);
    size_t table_len = b.len;
    assert_int_equal(parley_report_trace(&f, &b), PARLEY_OK);
    assert_true(b.len > table_len);
    assert_int_equal(a.len, b.len);
    assert_memory_equal(a.data, b.data, a.len);
    parley_buf_destroy(&a);
    parley_buf_destroy(&b);
    parley_buf_init(&a);
    parley_buf_init(&b);
    assert_int_equal(parley_report_forecast(&f, PARLEY_REPORT_CSV, 1, &meta, &a), PARLEY_OK);
    assert_int_equal(parley_report_csv(&f, &meta, &b), PARLEY_OK);
    assert_string_equal(a.data, b.data); /* no trace in CSV */
    parley_buf_destroy(&a);
    parley_buf_destroy(&b);
    parley_buf_init(&a);
    assert_int_equal(parley_report_forecast(&g, PARLEY_REPORT_TABLE, 1, &meta, &a), PARLEY_EINVAL);
    parley_buf_destroy(&a);
    parley_forecast_destroy(&f);
    parley_forecast_destroy(&g);
    parley_params_destroy(&p);
    parley_scenario_destroy(&s);
}

/* The command that reproduces a report: options in their fixed order,
 * free text quoted for a POSIX shell only when needed (a quote inside
 * becomes '\''), bounds as the shortest decimals, defaults left out. */
static void test_report_command(void **state) {
    (void)state;
    const parley_model_type *models[] = {&parley_model_eu, &parley_model_mean};
    const char *params[] = {"eu.q=0.5"};
    const char *sets[] = {"USA.rail link.position=3"};
    const char *drops[] = {"O'Brien"};
    parley_read_options ro;
    parley_read_options_init(&ro);
    ro.salience_scale = 100;
    ro.bounds_given = 1;
    ro.lo = -0.1;
    ro.hi = 1e3;
    parley_report_command c = {.models = models,
                               .n_models = 2,
                               .combined = 1,
                               .input = {.file = "my case.json",
                                         .ro = &ro,
                                         .sets = sets,
                                         .n_sets = 1,
                                         .drops = drops,
                                         .n_drops = 1},
                               .setup = {.params = params, .n_params = 1, .seed = 7},
                               .rounds = "12",
                               .ensemble = 50,
                               .noise = "0.1",
                               .leverage = 1,
                               .has_sq_replicates = 1,
                               .sq_replicates = 0,
                               .backtest = 1};
    parley_buf b;
    parley_buf_init(&b);
    assert_int_equal(parley_report_command_text(&c, &b), PARLEY_OK);
    assert_string_equal(b.data, "parley report --model eu,mean,combined --rounds 12 --param "
                                "eu.q=0.5 --set 'USA.rail link.position=3' --drop 'O'\\''Brien' "
                                "--seed 7 --ensemble 50 --noise 0.1 --leverage --sq-replicates 0 "
                                "--backtest --salience-scale 100 --bounds -0.1,1000 "
                                "'my case.json'");
    parley_buf_destroy(&b);
    parley_report_command none;
    memset(&none, 0, sizeof none);
    none.library = "";
    parley_buf_init(&b);
    assert_int_equal(parley_report_command_text(&none, &b), PARLEY_OK);
    assert_string_equal(b.data, "parley report --library ''"); /* empty text is quoted */
    parley_buf_destroy(&b);
    /* experts' codings come last, after --experts (the file is left out);
     * the rounds as a number when not given as typed */
    const char *codings[] = {"a.json", "b c.json"};
    none.library = NULL;
    none.setup.seed = 3;
    none.setup.rounds = 40;
    none.input.file = "a.json";
    none.input.experts = codings;
    none.input.n_experts = 2;
    parley_buf_init(&b);
    assert_int_equal(parley_report_command_text(&none, &b), PARLEY_OK);
    assert_string_equal(b.data, "parley report --rounds 40 --seed 3 --experts a.json 'b c.json'");
    parley_buf_destroy(&b);
}

/* The whole file at path, or "" (a static buffer). */
static const char *slurp(const char *path) {
    static char text[256];
    text[0] = '\0';
    FILE *f = fopen(path, "rb");
    if (f) {
        text[fread(text, 1, sizeof text - 1, f)] = '\0';
        fclose(f);
    }
    return text;
}

/* Two charts become DIR/a.svg and DIR/b.svg, the directory made on the
 * way; a directory under a missing one is an I/O error naming it. */
/* The progress line, computed by hand: 100 of 300 in 2 s is 50/s, 200
 * left at 50/s is 4 s, and 100/300 of 30 characters is 10 '#'. */
static void test_progress(void **state) {
    (void)state;
    parley_buf b;
    parley_buf_init(&b);
    assert_int_equal(parley_report_progress(100, 300, 2.0, &b), PARLEY_OK);
    assert_string_equal(b.data, "[##########....................] 100/300  50/s  4s left");
    /* 7/9 of 30 = 23.3 -> 23 '#'; 7 / 2.5 s = 2.8 -> "3/s"; 2 / 2.8 = 0.71 -> "1s" */
    b.len = 0;
    assert_int_equal(parley_report_progress(7, 9, 2.5, &b), PARLEY_OK);
    assert_string_equal(b.data, "[#######################.......] 7/9  3/s  1s left");
    /* nothing known yet: no rate, no time left */
    b.len = 0;
    assert_int_equal(parley_report_progress(0, 40, 0.0, &b), PARLEY_OK);
    assert_string_equal(b.data, "[..............................] 0/40  0/s  0s left");
    b.len = 0;
    assert_int_equal(parley_report_progress(0, 0, 0.0, &b), PARLEY_OK);
    assert_string_equal(b.data, "[##############################] 0/0  0/s  0s left");
    b.len = 0;
    assert_int_equal(parley_report_progress(40, 40, 4.0, &b), PARLEY_OK);
    assert_string_equal(b.data, "[##############################] 40/40  10/s  0s left");
    /* below a microsecond, or NaN: the rate is unknown, not 5e300/s */
    b.len = 0;
    assert_int_equal(parley_report_progress(5, 10, 1e-300, &b), PARLEY_OK);
    assert_string_equal(b.data, "[###############...............] 5/10  0/s  0s left");
    b.len = 0;
    assert_int_equal(parley_report_progress(5, 10, NAN, &b), PARLEY_OK);
    assert_string_equal(b.data, "[###############...............] 5/10  0/s  0s left");
    assert_int_equal(parley_report_progress(1, 2, 1.0, NULL), PARLEY_EINVAL);
    parley_buf_destroy(&b);
}

static void test_chart_set_write_dir(void **state) {
    (void)state;
    char root[] = "/tmp/parley-charts-XXXXXX", dir[64], path[96], bad[96];
    assert_non_null(mkdtemp(root));
    snprintf(dir, sizeof dir, "%s/svg", root);
    parley_chart_set cs;
    parley_chart_set_init(&cs);
    const char *const names[] = {"a", "b"}, *const bodies[] = {"<svg>1</svg>", "<svg>2</svg>"};
    for (int k = 0; k < 2; ++k) {
        parley_buf b;
        parley_buf_init(&b);
        assert_int_equal(parley_buf_printf(&b, "%s", bodies[k]), PARLEY_OK);
        assert_int_equal(parley_chart_set_add(&cs, names[k], "", PARLEY_CHART_POSITIONS, 0, &b),
                         PARLEY_OK);
    }
    parley_error err;
    assert_int_equal(parley_chart_set_write_dir(&cs, dir, &err), PARLEY_OK);
    for (int k = 0; k < 2; ++k) {
        snprintf(path, sizeof path, "%s/%s.svg", dir, names[k]);
        assert_string_equal(slurp(path), bodies[k]);
        unlink(path);
    }
    rmdir(dir);
    snprintf(bad, sizeof bad, "%s/missing/svg", root);
    assert_int_equal(parley_chart_set_write_dir(&cs, bad, &err), PARLEY_EIO);
    assert_string_equal(err.file, bad);
    rmdir(root);
    parley_chart_set_destroy(&cs);
}

/* The names in dir other than "." and "..", sorted, joined by spaces. */
static const char *listing(const char *dir) {
    static char text[512];
    char *names[16];
    size_t n = 0;
    text[0] = '\0';
    DIR *d = opendir(dir);
    if (!d)
        return text;
    for (struct dirent *e; (e = readdir(d)) != NULL && n < 16;)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            names[n++] = strdup(e->d_name);
    closedir(d);
    for (size_t i = 1; i < n; ++i)
        for (size_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; --j) {
            char *t = names[j];
            names[j] = names[j - 1];
            names[j - 1] = t;
        }
    for (size_t i = 0; i < n; ++i) {
        snprintf(text + strlen(text), sizeof text - strlen(text), "%s%s", i ? " " : "", names[i]);
        free(names[i]);
    }
    return text;
}

/* All or nothing: a chart that cannot be written (its file is a directory,
 * a FIFO) leaves no new file, no temporary file and the old charts as they
 * were; a file where the directory should be is named; a directory the
 * call made is removed again when a chart fails. */
static void test_chart_set_write_dir_all_or_nothing(void **state) {
    (void)state;
    char root[] = "/tmp/parley-charts-XXXXXX", path[128];
    assert_non_null(mkdtemp(root));
    parley_chart_set cs;
    parley_chart_set_init(&cs);
    const char *const names[] = {"a", "b", "c"};
    for (int k = 0; k < 3; ++k) {
        parley_buf b;
        parley_buf_init(&b);
        assert_int_equal(parley_buf_printf(&b, "<svg>new %s</svg>", names[k]), PARLEY_OK);
        assert_int_equal(parley_chart_set_add(&cs, names[k], "", PARLEY_CHART_POSITIONS, 0, &b),
                         PARLEY_OK);
    }
    /* the old a.svg, and c.svg a directory: a is kept, b never appears */
    snprintf(path, sizeof path, "%s/a.svg", root);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs("old a", f);
    fclose(f);
    snprintf(path, sizeof path, "%s/c.svg", root);
    assert_int_equal(mkdir(path, 0777), 0);
    parley_error err;
    parley_error_clear(&err);
    assert_int_equal(parley_chart_set_write_dir(&cs, root, &err), PARLEY_EIO);
    assert_string_equal(err.file, path);
    assert_string_equal(err.message, "cannot write: it is a directory");
    assert_string_equal(listing(root), "a.svg c.svg");
    snprintf(path, sizeof path, "%s/a.svg", root);
    assert_string_equal(slurp(path), "old a");
    /* c.svg a FIFO: refused, not written into (nor waited on) */
    snprintf(path, sizeof path, "%s/c.svg", root);
    assert_int_equal(rmdir(path), 0);
    assert_int_equal(mkfifo(path, 0666), 0);
    assert_int_equal(parley_chart_set_write_dir(&cs, root, &err), PARLEY_EIO);
    assert_string_equal(err.file, path);
    assert_string_equal(err.message, "cannot write: it is not a regular file");
    assert_string_equal(listing(root), "a.svg c.svg");
    snprintf(path, sizeof path, "%s/a.svg", root);
    assert_string_equal(slurp(path), "old a");
    /* once c.svg is gone, all three are written */
    snprintf(path, sizeof path, "%s/c.svg", root);
    assert_int_equal(unlink(path), 0);
    assert_int_equal(parley_chart_set_write_dir(&cs, root, &err), PARLEY_OK);
    assert_string_equal(listing(root), "a.svg b.svg c.svg");
    for (int k = 0; k < 3; ++k) {
        char want[32];
        snprintf(path, sizeof path, "%s/%s.svg", root, names[k]);
        snprintf(want, sizeof want, "<svg>new %s</svg>", names[k]);
        assert_string_equal(slurp(path), want);
        unlink(path);
    }
    /* a regular file where the directory should be: named, nothing made */
    snprintf(path, sizeof path, "%s/file", root);
    f = fopen(path, "wb");
    assert_non_null(f);
    fclose(f);
    assert_int_equal(parley_chart_set_write_dir(&cs, path, &err), PARLEY_EIO);
    assert_string_equal(err.file, path);
    assert_string_equal(err.message, "cannot write: it is not a directory");
    assert_string_equal(listing(root), "file");
    unlink(path);
    /* a new directory whose chart fails (a name with a missing
     * subdirectory) is removed again */
    parley_buf b;
    parley_buf_init(&b);
    assert_int_equal(parley_buf_printf(&b, "<svg/>"), PARLEY_OK);
    assert_int_equal(parley_chart_set_add(&cs, "no/such", "", PARLEY_CHART_POSITIONS, 0, &b),
                     PARLEY_OK);
    snprintf(path, sizeof path, "%s/svg", root);
    assert_int_equal(parley_chart_set_write_dir(&cs, path, &err), PARLEY_EIO);
    assert_string_equal(listing(root), "");
    assert_int_equal(rmdir(root), 0);
    parley_chart_set_destroy(&cs);
}

/* A set of three charts a, b, c, each "<svg>new NAME</svg>". */
static void three_charts(parley_chart_set *cs) {
    parley_chart_set_init(cs);
    const char *const names[] = {"a", "b", "c"};
    for (int k = 0; k < 3; ++k) {
        parley_buf b;
        parley_buf_init(&b);
        assert_int_equal(parley_buf_printf(&b, "<svg>new %s</svg>", names[k]), PARLEY_OK);
        assert_int_equal(parley_chart_set_add(cs, names[k], "", PARLEY_CHART_POSITIONS, 0, &b),
                         PARLEY_OK);
    }
}

static void put(const char *dir, const char *name, const char *text) {
    char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static const char *slurp_in(const char *dir, const char *name) {
    char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return slurp(path);
}

/* Staged charts: temporary files only, nothing replaced until the commit;
 * an abort (destroy) leaves the directory as it was, removing no old file
 * and no temporary file left, and removes a directory the stage made. */
static void test_chart_set_stage_dir(void **state) {
    (void)state;
    char root[] = "/tmp/parley-charts-XXXXXX", sub[64];
    assert_non_null(mkdtemp(root));
    parley_chart_set cs;
    three_charts(&cs);
    put(root, "a.svg", "old a");
    parley_chart_staged st;
    parley_error err;
    parley_error_clear(&err);
    /* staged: a.svg as it was, b and c not there, three temporary files */
    assert_int_equal(parley_chart_set_stage_dir(&cs, root, &st, &err), PARLEY_OK);
    assert_int_equal(st.n, 3);
    assert_null(st.dir);
    assert_string_equal(slurp_in(root, "a.svg"), "old a");
    assert_int_equal(strncmp(listing(root), ".a.svg.tmp.", 11), 0);
    assert_non_null(strstr(listing(root), " .b.svg.tmp."));
    assert_non_null(strstr(listing(root), " .c.svg.tmp."));
    /* aborted: nothing changed, no temporary file left */
    parley_chart_staged_destroy(&st);
    assert_int_equal(st.n, 0);
    assert_string_equal(listing(root), "a.svg");
    assert_string_equal(slurp_in(root, "a.svg"), "old a");
    parley_chart_staged_destroy(&st); /* again: nothing */
    /* a directory the stage made is removed by the abort */
    snprintf(sub, sizeof sub, "%s/svg", root);
    assert_int_equal(parley_chart_set_stage_dir(&cs, sub, &st, &err), PARLEY_OK);
    assert_non_null(st.dir);
    assert_int_equal(strncmp(listing(sub), ".a.svg.tmp.", 11), 0);
    parley_chart_staged_destroy(&st);
    assert_string_equal(listing(root), "a.svg");
    /* committed: every chart in place, the directory kept */
    assert_int_equal(parley_chart_set_stage_dir(&cs, sub, &st, &err), PARLEY_OK);
    assert_int_equal(parley_chart_staged_commit(&st, &err), PARLEY_OK);
    assert_int_equal(st.n, 0);
    assert_null(st.files);
    assert_null(st.dir);
    parley_chart_staged_destroy(&st); /* after a commit: nothing */
    assert_string_equal(listing(sub), "a.svg b.svg c.svg");
    assert_int_equal(parley_chart_set_stage_dir(&cs, root, &st, &err), PARLEY_OK);
    assert_int_equal(parley_chart_staged_commit(&st, &err), PARLEY_OK);
    assert_string_equal(listing(root), "a.svg b.svg c.svg svg");
    const char *const names[] = {"a.svg", "b.svg", "c.svg"};
    for (int k = 0; k < 3; ++k) {
        char want[32], path[128];
        snprintf(want, sizeof want, "<svg>new %c</svg>", names[k][0]);
        assert_string_equal(slurp_in(root, names[k]), want);
        assert_string_equal(slurp_in(sub, names[k]), want);
        snprintf(path, sizeof path, "%s/%s", sub, names[k]);
        unlink(path);
    }
    assert_int_equal(rmdir(sub), 0);
    /* a zeroed staged commits nothing; none at all is refused */
    memset(&st, 0, sizeof st);
    assert_int_equal(parley_chart_staged_commit(&st, &err), PARLEY_OK);
    assert_int_equal(parley_chart_staged_commit(NULL, &err), PARLEY_EINVAL);
    parley_chart_staged_destroy(NULL);
    assert_int_equal(parley_chart_set_stage_dir(&cs, root, NULL, &err), PARLEY_EINVAL);
    assert_int_equal(parley_chart_set_stage_dir(&cs, "", &st, &err), PARLEY_EINVAL);
    for (int k = 0; k < 3; ++k) {
        char path[128];
        snprintf(path, sizeof path, "%s/%s", root, names[k]);
        unlink(path);
    }
    assert_int_equal(rmdir(root), 0);
    parley_chart_set_destroy(&cs);
}

/* A chart file that is a symbolic link to another chart of the set is
 * refused before anything is written, naming both (parley_outputs_check's
 * words); two names hard-linked to one file are each replaced. */
static void test_chart_set_same_file(void **state) {
    (void)state;
    char root[] = "/tmp/parley-charts-XXXXXX", path[128], target[128];
    assert_non_null(mkdtemp(root));
    parley_chart_set cs;
    three_charts(&cs);
    put(root, "a.svg", "old a");
    snprintf(path, sizeof path, "%s/c.svg", root);
    assert_int_equal(symlink("a.svg", path), 0);
    parley_chart_staged st;
    parley_error err;
    parley_error_clear(&err);
    char want[512];
    snprintf(want, sizeof want, "two outputs are the same file ('%s/a.svg' and '%s/c.svg')", root,
             root);
    assert_int_equal(parley_chart_set_stage_dir(&cs, root, &st, &err), PARLEY_EINVAL);
    assert_string_equal(err.message, want);
    assert_string_equal(err.file, "");
    assert_int_equal(st.n, 0);
    assert_string_equal(listing(root), "a.svg c.svg");
    assert_string_equal(slurp_in(root, "a.svg"), "old a");
    assert_int_equal(parley_chart_set_write_dir(&cs, root, &err), PARLEY_EINVAL);
    assert_string_equal(err.message, want);
    assert_string_equal(listing(root), "a.svg c.svg");
    assert_string_equal(slurp_in(root, "a.svg"), "old a");
    /* the link the other way round (a.svg to c.svg): the same refusal */
    assert_int_equal(unlink(path), 0);
    snprintf(target, sizeof target, "%s/a.svg", root);
    assert_int_equal(rename(target, path), 0);
    assert_int_equal(symlink("c.svg", target), 0);
    assert_int_equal(parley_chart_set_write_dir(&cs, root, &err), PARLEY_EINVAL);
    assert_string_equal(err.message, want);
    assert_string_equal(slurp_in(root, "c.svg"), "old a");
    /* a link at a chart's name to a file outside the set (the page, an
     * input): refused before anything is written, the file untouched */
    assert_int_equal(unlink(target), 0);
    char outside[128];
    snprintf(outside, sizeof outside, "%s.page", root);
    put("/", outside + 1, "the page");
    assert_int_equal(symlink(outside, target), 0);
    assert_int_equal(parley_chart_set_write_dir(&cs, root, &err), PARLEY_EIO);
    assert_string_equal(err.file, target);
    assert_string_equal(err.message, "cannot write: it is a symbolic link (a chart is never "
                                     "written through one)");
    assert_string_equal(slurp_in("/", outside + 1), "the page");
    assert_string_equal(listing(root), "a.svg c.svg");
    assert_int_equal(unlink(outside), 0);
    /* hard links: each name gets its own new file */
    assert_int_equal(unlink(target), 0);
    assert_int_equal(link(path, target), 0);
    assert_int_equal(parley_chart_set_write_dir(&cs, root, &err), PARLEY_OK);
    assert_string_equal(listing(root), "a.svg b.svg c.svg");
    assert_string_equal(slurp_in(root, "a.svg"), "<svg>new a</svg>");
    assert_string_equal(slurp_in(root, "c.svg"), "<svg>new c</svg>");
    const char *const names[] = {"a.svg", "b.svg", "c.svg"};
    for (int k = 0; k < 3; ++k) {
        snprintf(path, sizeof path, "%s/%s", root, names[k]);
        unlink(path);
    }
    assert_int_equal(rmdir(root), 0);
    parley_chart_set_destroy(&cs);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_table, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csv, setup, teardown),
        cmocka_unit_test_setup_teardown(test_json, setup, teardown),
        cmocka_unit_test_setup_teardown(test_trace, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deterministic, setup, teardown),
        cmocka_unit_test_setup_teardown(test_html_brief_labels, setup, teardown),
        cmocka_unit_test_setup_teardown(test_singular_actor, setup, teardown),
        cmocka_unit_test_setup_teardown(test_html_outcomes, setup, teardown),
        cmocka_unit_test(test_chart_file_stem),
        cmocka_unit_test(test_report_sections),
        cmocka_unit_test(test_report_forecast),
        cmocka_unit_test(test_report_format_names),
        cmocka_unit_test(test_report_command),
        cmocka_unit_test(test_chart_set_write_dir),
        cmocka_unit_test(test_chart_set_write_dir_all_or_nothing),
        cmocka_unit_test(test_chart_set_stage_dir),
        cmocka_unit_test(test_chart_set_same_file),
        cmocka_unit_test_setup_teardown(test_chart_names_unique, setup, teardown),
        cmocka_unit_test(test_progress),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
