/* The library side of what used to be CLI code: the ensemble specification
 * (text items, JSON file, merge, perturbation), the configurations of
 * sweeps, the per-replicate CSV rows, the typed run parameters, and the
 * model list with its parameters.
 * Expected values are worked out by hand in the comments. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Writes text to a temporary file; returns its path (static buffer). */
static const char *temp_file(const char *text) {
    static char path[] = "/tmp/parley_test_spec_XXXXXX";
    strcpy(path, "/tmp/parley_test_spec_XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *fp = fdopen(fd, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
    return path;
}

static void test_spec_text(void **state) {
    (void)state;
    parley_ensemble_spec sp;
    parley_ensemble_spec_init(&sp);
    assert_int_equal(sp.replicates, 1000); /* documented defaults */
    assert_int_equal(sp.bins, 10);
    parley_error err;
    assert_int_equal(parley_ensemble_spec_add_noise(&sp, "DPRK.salience=uniform:0.25", &err),
                     PARLEY_OK);
    assert_int_equal(parley_ensemble_spec_add_noise(&sp, "position=none", &err), PARLEY_OK);
    assert_int_equal(sp.n_noise, 2);
    assert_string_equal(sp.noise[0].actor, "DPRK");
    assert_int_equal(sp.noise[0].all, 0);
    assert_int_equal(sp.noise[0].field, PARLEY_FIELD_SALIENCE);
    assert_int_equal(sp.noise[0].noise.dist, PARLEY_NOISE_UNIFORM);
    assert_true(sp.noise[0].noise.size == 0.25);
    assert_int_equal(sp.noise[1].all, 1);
    /* malformed: no size, a size with "none", a size out of range, hex */
    const char *bad[] = {"position=normal",     "position=none:1",    "position=normal:1000001",
                         "position=normal:0x1", ".position=normal:1", "pos=normal:1"};
    for (size_t k = 0; k < sizeof bad / sizeof *bad; ++k)
        assert_int_equal(parley_ensemble_spec_add_noise(&sp, bad[k], &err), PARLEY_EINVAL);
    assert_true(
        strncmp(err.message, "noise 'pos=normal:1': wants [ACTOR.]FIELD=DIST:SIZE or ", 55) == 0);
    assert_int_equal(sp.n_noise, 2);
    assert_int_equal(parley_ensemble_spec_add_sweep(&sp, "eu.q=0.5,1", &err), PARLEY_OK);
    assert_int_equal(sp.sweeps[0].n_values, 2);
    assert_string_equal(sp.sweeps[0].values[1], "1");
    assert_int_equal(parley_ensemble_spec_add_sweep(&sp, "eu.q=0.5,,1", &err), PARLEY_EINVAL);
    assert_int_equal(parley_ensemble_spec_add_sweep(&sp, "euq=1", &err), PARLEY_EINVAL);
    parley_ensemble_spec_destroy(&sp);
}

static void test_spec_file(void **state) {
    (void)state;
    parley_ensemble_spec sp;
    parley_ensemble_spec_init(&sp);
    parley_error err;
    parley_error_clear(&err);
    const char *path =
        temp_file("{\"replicates\": 20, \"drop\": 0.125,\n"
                  " \"noise\": {\"position\": {\"dist\": \"normal\", \"size\": 0.05}},\n"
                  " \"actors\": {\"a b\": {\"capability\": {\"dist\": \"none\"}}},\n"
                  " \"sweep\": {\"eu.q\": [0.5, 1, \"0.75\"]}}");
    assert_int_equal(parley_ensemble_spec_read(&sp, path, &err), PARLEY_OK);
    assert_int_equal(sp.replicates, 20);
    assert_true(sp.has_replicates && sp.has_drop && !sp.has_seed);
    assert_true(sp.drop == 0.125);
    assert_int_equal(sp.n_noise, 2);
    assert_string_equal(sp.noise[0].where, "$.noise.position");
    assert_string_equal(sp.noise[1].actor, "a b");
    assert_string_equal(sp.noise[1].where, "$.actors[\"a b\"]"); /* not a plain name: quoted */
    assert_int_equal(sp.sweeps[0].n_values, 3);
    assert_string_equal(sp.sweeps[0].values[0], "0.5");
    assert_string_equal(sp.sweeps[0].values[2], "0.75");
    assert_string_equal(sp.sweeps[0].where, "$.sweep[\"eu.q\"]");
    remove(path);

    /* merge: the command line's items come after the file's, its scalars win */
    parley_ensemble_spec over;
    parley_ensemble_spec_init(&over);
    over.replicates = 7;
    over.has_replicates = 1;
    assert_int_equal(parley_ensemble_spec_add_noise(&over, "position=uniform:0.1", &err),
                     PARLEY_OK);
    assert_int_equal(parley_ensemble_spec_merge(&sp, &over), PARLEY_OK);
    assert_int_equal(sp.replicates, 7);
    assert_true(sp.drop == 0.125);
    assert_int_equal(sp.n_noise, 3);
    assert_int_equal(sp.noise[2].noise.dist, PARLEY_NOISE_UNIFORM);
    assert_int_equal(over.n_noise, 0);
    parley_ensemble_spec_destroy(&over);
    parley_ensemble_spec_destroy(&sp);

    /* errors: located by JSON path, by line and column, or a missing file */
    parley_ensemble_spec_init(&sp);
    path = temp_file("{\"noise\": {\"position\": {\"dist\": \"bogus\"}}}");
    assert_int_equal(parley_ensemble_spec_read(&sp, path, &err), PARLEY_EDATA);
    assert_string_equal(err.path, "$.noise.position");
    remove(path);
    path = temp_file("{\"bins\": 1001}");
    assert_int_equal(parley_ensemble_spec_read(&sp, path, &err), PARLEY_EDATA);
    assert_string_equal(err.path, "$.bins");
    assert_string_equal(err.message, "expected a whole number from 1 to 1000");
    remove(path);
    path = temp_file("{\"bins\": 3,\n \"seed\": x}");
    assert_int_equal(parley_ensemble_spec_read(&sp, path, &err), PARLEY_EPARSE);
    assert_int_equal(err.line, 2);
    remove(path);
    assert_int_equal(parley_ensemble_spec_read(&sp, "/nonexistent/spec.json", &err), PARLEY_EIO);
    parley_ensemble_spec_destroy(&sp);
}

static void test_spec_perturbation(void **state) {
    (void)state;
    parley_scenario s;
    load_scenario(&s, "cli/small.json"); /* actors finance, health, schools */
    parley_ensemble_spec sp;
    parley_ensemble_spec_init(&sp);
    parley_error err;
    sp.drop = 0.25;
    assert_int_equal(parley_ensemble_spec_add_noise(&sp, "health.position=normal:0.5", &err),
                     PARLEY_OK);
    assert_int_equal(parley_ensemble_spec_add_noise(&sp, "health.salience=normal:0.5", &err),
                     PARLEY_OK);
    assert_int_equal(parley_ensemble_spec_add_noise(&sp, "position=uniform:0.125", &err),
                     PARLEY_OK);
    parley_perturbation p;
    parley_noise *an = NULL;
    /* no noise item: `parley ensemble`'s default (position normal 0.05,
     * salience normal 0.05, capability normal 0.1), unless no_noise */
    parley_ensemble_spec none;
    parley_ensemble_spec_init(&none);
    assert_int_equal(parley_ensemble_spec_perturbation(&none, &s, &p, &an, &err), PARLEY_OK);
    assert_int_equal(p.noise[PARLEY_FIELD_POSITION].dist, PARLEY_NOISE_NORMAL);
    assert_true(p.noise[PARLEY_FIELD_POSITION].size == 0.05);
    assert_true(p.noise[PARLEY_FIELD_SALIENCE].size == 0.05);
    assert_true(p.noise[PARLEY_FIELD_CAPABILITY].size == 0.1);
    assert_null(an);
    none.no_noise = 1;
    assert_int_equal(parley_ensemble_spec_perturbation(&none, &s, &p, &an, &err), PARLEY_OK);
    assert_true(parley_perturbation_is_null(&p, s.n_actors));
    parley_ensemble_spec_destroy(&none);
    assert_int_equal(parley_ensemble_spec_perturbation(&sp, &s, &p, &an, &err), PARLEY_OK);
    assert_true(p.drop == 0.25);
    assert_ptr_equal(p.actor_noise, an);
    /* the later all-actors item resets health's position, not its salience */
    assert_int_equal(an[1 * PARLEY_N_FIELDS + PARLEY_FIELD_POSITION].dist, PARLEY_NOISE_INHERIT);
    assert_int_equal(an[1 * PARLEY_N_FIELDS + PARLEY_FIELD_SALIENCE].dist, PARLEY_NOISE_NORMAL);
    assert_int_equal(an[0 * PARLEY_N_FIELDS + PARLEY_FIELD_SALIENCE].dist, PARLEY_NOISE_INHERIT);
    assert_int_equal(p.noise[PARLEY_FIELD_POSITION].dist, PARLEY_NOISE_UNIFORM);
    free(an);
    assert_int_equal(parley_ensemble_spec_add_noise(&sp, "nobody.position=normal:1", &err),
                     PARLEY_OK);
    assert_int_equal(parley_ensemble_spec_perturbation(&sp, &s, &p, &an, &err), PARLEY_EINVAL);
    assert_string_equal(
        err.message, "no actor named 'nobody' in the scenario (actors: finance, health, schools)");
    free(an);
    parley_ensemble_spec_destroy(&sp);
    parley_scenario_destroy(&s);
}

static void test_configs(void **state) {
    (void)state;
    parley_params base[2];
    assert_int_equal(parley_params_init(&base[0], &parley_model_mean), PARLEY_OK);
    assert_int_equal(parley_params_init(&base[1], &parley_model_eu), PARLEY_OK);
    parley_ensemble_spec sp;
    parley_ensemble_spec_init(&sp);
    parley_error err;
    assert_int_equal(parley_ensemble_spec_add_sweep(&sp, "eu.q=0.5,1", &err), PARLEY_OK);
    assert_int_equal(parley_ensemble_spec_add_sweep(&sp, "eu.rounds=3,4,5", &err), PARLEY_OK);
    parley_ensemble_configs cf;
    assert_int_equal(parley_ensemble_configs_init(&cf, &sp, base, 2, &err), PARLEY_OK);
    /* mean once, eu 2 x 3 times, the first sweep varying fastest */
    assert_int_equal(cf.n, 7);
    const char *want[] = {"mean",
                          "eu q=0.5 rounds=3",
                          "eu q=1 rounds=3",
                          "eu q=0.5 rounds=4",
                          "eu q=1 rounds=4",
                          "eu q=0.5 rounds=5",
                          "eu q=1 rounds=5"};
    for (size_t k = 0; k < 7; ++k)
        assert_string_equal(cf.labels[k], want[k]);
    const parley_eu_params *e = cf.params[6].data;
    assert_int_equal(e->max_rounds, 5);
    parley_ensemble_configs_destroy(&cf);
    /* a rejected value is blamed on its sweep and index */
    assert_int_equal(parley_ensemble_spec_add_sweep(&sp, "eu.shock=0.5,x", &err), PARLEY_OK);
    assert_int_equal(parley_ensemble_configs_init(&cf, &sp, base, 2, &err), PARLEY_EINVAL);
    assert_int_equal(cf.bad_sweep, 2);
    assert_int_equal(cf.bad_value, 1);
    parley_ensemble_configs_destroy(&cf);
    /* a sweep of a model that is not selected */
    assert_int_equal(parley_ensemble_configs_init(&cf, &sp, base, 1, &err), PARLEY_EINVAL);
    assert_int_equal(cf.bad_sweep, 0);
    assert_int_equal(cf.bad_value, (size_t)-1);
    parley_ensemble_configs_destroy(&cf);
    parley_ensemble_spec_destroy(&sp);
    parley_params_destroy(&base[0]);
    parley_params_destroy(&base[1]);
}

static void test_rows(void **state) {
    (void)state;
    parley_scenario s;
    load_scenario(&s, "cli/small.json"); /* one issue, "budget" */
    const char *labels[] = {"eu", "eu q=0.5,1"};
    const double fc[] = {12.5, NAN};
    const unsigned char dropped[] = {1, 0, 1};
    parley_buf b;
    parley_buf_init(&b);
    assert_int_equal(parley_report_ensemble_rows_header(&b), PARLEY_OK);
    assert_int_equal(parley_report_ensemble_rows(&s, labels, 2, 42, fc, dropped, &b), PARLEY_OK);
    /* a NaN forecast is an empty field; a label with a comma is quoted;
     * the dropped actors are joined by ';' */
    assert_string_equal(b.data, "replicate,issue,model,forecast,dropped\r\n"
                                "42,budget,eu,12.5,finance;schools\r\n"
                                "42,budget,\"eu q=0.5,1\",,finance;schools\r\n");
    parley_buf_destroy(&b);

    /* the same rows through the rows file: nothing at the target until the
     * commit; destroying an uncommitted file leaves nothing behind */
    char dir[] = "/tmp/parley-rows-XXXXXX", path[256];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/rows.csv", dir);
    parley_ensemble_rows_file rf;
    parley_error err;
    assert_int_equal(parley_ensemble_rows_open(&rf, path, &s, labels, 2, &err), PARLEY_OK);
    assert_non_null(parley_ensemble_rows_temp(&rf));
    assert_int_equal(parley_ensemble_rows_write(&rf, 42, fc, dropped), 0);
    assert_int_equal(access(path, F_OK), -1);
    assert_int_equal(parley_ensemble_rows_commit(&rf, &err), PARLEY_OK);
    parley_ensemble_rows_destroy(&rf); /* safe after the commit */
    char *data = NULL;
    size_t size = 0;
    assert_int_equal(parley_read_file(path, &data, &size, &err), PARLEY_OK);
    assert_string_equal(data, "replicate,issue,model,forecast,dropped\r\n"
                              "42,budget,eu,12.5,finance;schools\r\n"
                              "42,budget,\"eu q=0.5,1\",,finance;schools\r\n");
    free(data);
    unlink(path);
    assert_int_equal(parley_ensemble_rows_open(&rf, path, &s, labels, 2, &err), PARLEY_OK);
    const char *tmp = parley_ensemble_rows_temp(&rf);
    assert_int_equal(access(tmp, F_OK), 0);
    parley_ensemble_rows_destroy(&rf);
    assert_int_equal(access(path, F_OK), -1);
    snprintf(path, sizeof path, "%s/missing/rows.csv", dir);
    assert_int_equal(parley_ensemble_rows_open(&rf, path, &s, labels, 2, &err), PARLEY_EIO);
    parley_ensemble_rows_destroy(&rf);
    rmdir(dir);
    parley_scenario_destroy(&s);
}

/* The unperturbed base of an ensemble: small.json's one issue "budget",
 * mean and median of the positions weighted by capability x salience. */
static void test_forecast_values(void **state) {
    (void)state;
    parley_scenario s;
    load_scenario(&s, "cli/small.json");
    parley_params p[2];
    assert_int_equal(parley_params_init(&p[0], &parley_model_mean), PARLEY_OK);
    assert_int_equal(parley_params_init(&p[1], &parley_model_median), PARLEY_OK);
    double out[2] = {0, 0};
    parley_error err;
    assert_int_equal(parley_forecast_values(&s, p, 2, 0, out, &err), PARLEY_OK);
    assert_close(out[0], 2162.5 / 77.0, 1e-12);
    assert_close(out[1], 12.5, 1e-12);
    parley_params_destroy(&p[0]);
    parley_params_destroy(&p[1]);
    parley_scenario_destroy(&s);
}

static void test_run_params(void **state) {
    (void)state;
    parley_run_params rp;
    parley_run_params_init(&rp);
    parley_error err;
    rp.seed = PARLEY_MAX_SEED;
    assert_int_equal(parley_run_params_check(&rp, &err), PARLEY_OK);
    rp.seed = PARLEY_MAX_SEED + 1;
    assert_int_equal(parley_run_params_check(&rp, &err), PARLEY_EINVAL);
    rp.seed = 0;
    rp.rounds = (size_t)PARLEY_MAX_ROUNDS + 1;
    assert_int_equal(parley_run_params_check(&rp, &err), PARLEY_EINVAL);

    parley_params eu, mean, xm;
    assert_int_equal(parley_params_init(&eu, &parley_model_eu), PARLEY_OK);
    assert_int_equal(parley_params_init(&mean, &parley_model_mean), PARLEY_OK);
    assert_int_equal(parley_params_init(&xm, &parley_model_exchange), PARLEY_OK);
    rp.rounds = 7;
    rp.seed = 185991;
    rp.stream = 1048576; /* replicate 1, issue 0: parley_forecast_stream(1, 0) */
    assert_int_equal(parley_forecast_stream(1, 0), rp.stream);
    unsigned used = 9;
    assert_int_equal(parley_params_set_run(&mean, &rp, &used, &err), PARLEY_OK);
    assert_int_equal(used, 0); /* draws nothing, plays no rounds */
    assert_int_equal(parley_params_set_run(&eu, &rp, &used, &err), PARLEY_OK);
    assert_int_equal(used, PARLEY_RUN_SEED | PARLEY_RUN_STREAM | PARLEY_RUN_ROUNDS);
    const parley_eu_params *e = eu.data;
    assert_int_equal(e->seed, 185991);
    assert_int_equal(e->stream, 1048576);
    assert_int_equal(e->max_rounds, 7);
    /* the exchange model draws from one fixed stream: replicate 1 gets the
     * seed splitmix64(185991 + 1048576 = 1234567), whose first output is
     * 6457827717110365317 (the published reference sequence of splitmix64
     * seeded with 1234567), below 2^63 so unchanged by the 63-bit cut */
    assert_int_equal(parley_params_set_run(&xm, &rp, &used, &err), PARLEY_OK);
    assert_int_equal(used, PARLEY_RUN_SEED | PARLEY_RUN_ROUNDS);
    const parley_exchange_params *x = xm.data;
    assert_true(x->seed == 6457827717110365317ULL);
    assert_int_equal(x->rounds, 7);
    /* rounds 0 keeps the model's own */
    rp.rounds = 0;
    rp.stream = 0;
    assert_int_equal(parley_params_set_run(&xm, &rp, &used, &err), PARLEY_OK);
    assert_int_equal(x->rounds, 7);
    assert_true(x->seed == 185991);
    parley_params_destroy(&eu);
    parley_params_destroy(&mean);
    parley_params_destroy(&xm);
}

/* A caller's generator: the expected utility model with salience shocks in
 * every round draws exactly what parley_rng_init(seed, stream) would give,
 * when handed a generator in that state instead of the seed and stream;
 * and another generator state changes the draws. */
static void test_caller_rng(void **state) {
    (void)state;
    parley_scenario s;
    load_default(&s);
    parley_issue_view v;
    assert_int_equal(parley_issue_view_init(&v, &s, 0), PARLEY_OK);
    parley_params a, b;
    assert_int_equal(parley_params_init(&a, &parley_model_eu), PARLEY_OK);
    assert_int_equal(parley_params_init(&b, &parley_model_eu), PARLEY_OK);
    parley_error err;
    assert_int_equal(parley_params_set(&a, "shock", "1", &err), PARLEY_OK);
    assert_int_equal(parley_params_set(&b, "shock", "1", &err), PARLEY_OK);
    parley_run_params rp;
    parley_run_params_init(&rp);
    rp.seed = 5;
    rp.stream = 9;
    assert_int_equal(parley_params_set_run(&a, &rp, NULL, &err), PARLEY_OK);
    parley_rng g;
    parley_rng_init(&g, 5, 9);
    parley_run_params_init(&rp);
    rp.rng = &g;
    assert_int_equal(parley_params_set_run(&b, &rp, NULL, &err), PARLEY_OK);
    parley_outcome oa, ob, oc;
    assert_int_equal(parley_model_run(&a, &v, &oa, &err), PARLEY_OK);
    assert_int_equal(parley_model_run(&b, &v, &ob, &err), PARLEY_OK);
    assert_true(oa.forecast == ob.forecast);
    assert_int_equal(oa.rounds, ob.rounds);
    parley_rng_init(&g, 6, 9); /* another state: other shocks */
    assert_int_equal(parley_model_run(&b, &v, &oc, &err), PARLEY_OK);
    assert_true(oc.forecast != oa.forecast || oc.rounds != oa.rounds);
    parley_params_destroy(&a);
    parley_params_destroy(&b);
    parley_issue_view_destroy(&v);
    parley_scenario_destroy(&s);
}

/* The text form of a switch is parsed once and lands in the typed field. */
static void test_params_text(void **state) {
    (void)state;
    parley_params p[2];
    assert_int_equal(parley_params_init(&p[0], &parley_model_mean), PARLEY_OK);
    assert_int_equal(parley_params_init(&p[1], &parley_model_eu), PARLEY_OK);
    parley_error err;
    assert_int_equal(parley_params_set_text(p, 2, "eu.shock=0.375", &err), PARLEY_OK);
    assert_true(((const parley_eu_params *)p[1].data)->shock == 0.375);
    assert_int_equal(parley_params_set_text(p, 2, "eu.shock=2", &err), PARLEY_EINVAL);
    assert_string_equal(err.message, "'eu.shock=2': shock must be a number from 0 to 1, not '2'");
    assert_int_equal(parley_params_set_text(p, 2, "eu.nope=1", &err), PARLEY_EUNSUPPORTED);
    assert_int_equal(parley_params_set_text(p, 2, "zz.q=1", &err), PARLEY_EUNSUPPORTED);
    assert_int_equal(parley_params_set_text(p, 1, "eu.q=1", &err), PARLEY_EDOMAIN);
    assert_int_equal(parley_params_set_text(p, 2, "eu", &err), PARLEY_EINVAL);
    assert_string_equal(err.message, "wants MODEL.KEY=VALUE, not 'eu'");
    assert_true(((const parley_eu_params *)p[1].data)->shock ==
                0.375); /* untouched by the failures */
    parley_params_destroy(&p[0]);
    parley_params_destroy(&p[1]);
}

/* The --model list and the parameters of a list of models, as the CLI and
 * an embedder make them: duplicates count once, "all" is every built-in
 * model in registry order, and a switch reaches exactly the models that
 * have it. */
static void test_model_list(void **state) {
    (void)state;
    const parley_model_type *types[8];
    size_t n = 0;
    int combined = 0;
    parley_error err;
    assert_int_equal(parley_model_list_parse("eu,mean,eu", types, &n, 8, &combined, &err),
                     PARLEY_OK);
    assert_int_equal(n, 2);
    assert_ptr_equal(types[0], &parley_model_eu);
    assert_ptr_equal(types[1], &parley_model_mean);
    assert_int_equal(combined, 0);
    assert_int_equal(parley_model_list_parse("median,all", types, &n, 8, &combined, &err),
                     PARLEY_OK);
    size_t n_all = 0;
    for (const parley_model_type *const *t = parley_model_types(); *t; ++t)
        ++n_all;
    assert_int_equal(n, n_all); /* eu, mean, median, then the rest not yet listed */
    assert_ptr_equal(types[2], &parley_model_median);
    assert_int_equal(combined, 1);
    n = 0;
    combined = 0;
    assert_int_equal(parley_model_list_parse("combined", types, &n, 8, &combined, &err), PARLEY_OK);
    assert_int_equal(n, 0);
    assert_int_equal(combined, 1);
    assert_int_equal(parley_model_list_parse("mean,combined", types, &n, 8, NULL, &err),
                     PARLEY_EUNSUPPORTED);
    assert_int_equal(n, 1); /* mean was parsed before the refusal */
    assert_string_equal(err.message, "the combined forecast is not available here: it combines "
                                     "the models of one forecast (use forecast or report), so "
                                     "choose single models");
    assert_int_equal(parley_model_list_parse("mean,,eu", types, &n, 8, NULL, &err), PARLEY_EINVAL);
    assert_string_equal(err.message, "empty model name in 'mean,,eu'");
    assert_int_equal(parley_model_list_parse("eu,zz", types, &n, 8, NULL, &err), PARLEY_EINVAL);
    char want[256] = "unknown model 'zz' (models: ";
    for (const parley_model_type *const *t = parley_model_types(); *t; ++t)
        snprintf(want + strlen(want), sizeof want - strlen(want), "%s%s",
                 t == parley_model_types() ? "" : ", ", (*t)->name);
    strcat(want, ")");
    assert_string_equal(err.message, want);

    /* parameters of eu and mean: a preset and 7 rounds reach eu only */
    parley_params p[2];
    size_t made = 0;
    const parley_model_type *two[] = {&parley_model_eu, &parley_model_mean};
    assert_int_equal(parley_params_init_list(p, two, 2, &made), PARLEY_OK);
    assert_int_equal(made, 2);
    assert_int_equal(parley_params_set_all(p, 2, "preset", "bdm1994", &err), PARLEY_OK);
    const parley_eu_params *e = p[0].data;
    assert_string_equal(e->preset, "bdm1994");
    assert_int_equal(e->max_rounds, 100); /* the bdm1994 preset's */
    assert_int_equal(parley_params_set_all(p, 2, "preset", "zz", &err), PARLEY_EINVAL);
    assert_string_equal(err.message, "unknown preset 'zz' of the expected utility model "
                                     "(expected scholz2011 or bdm1994)");
    assert_int_equal(parley_params_set_all(p + 1, 1, "preset", "bdm1994", &err),
                     PARLEY_EUNSUPPORTED);
    assert_string_equal(err.message, "none of the selected models (mean) has this parameter");
    parley_run_params rp;
    parley_run_params_init(&rp);
    rp.rounds = 7;
    rp.seed = 42;
    assert_int_equal(parley_params_set_run_all(p, 2, &rp, &err), PARLEY_OK);
    assert_int_equal(e->max_rounds, 7);
    assert_int_equal(e->seed, 42);
    assert_int_equal(parley_params_set_run_all(p + 1, 1, &rp, &err), PARLEY_EUNSUPPORTED);
    assert_string_equal(err.message, "none of the selected models (mean) has this parameter");
    rp.rounds = 0; /* the seed alone is no error for a model that draws nothing */
    assert_int_equal(parley_params_set_run_all(p + 1, 1, &rp, &err), PARLEY_OK);
    parley_params_destroy(&p[0]);
    parley_params_destroy(&p[1]);
}

/* Memory sizes as --max-memory takes them: binary suffixes, worked out:
 * 512M = 512 x 2^20 = 536870912; 3KiB = 3072; 2^24 T = 2^64 overflows. */
static void test_memory_size(void **state) {
    (void)state;
    unsigned long long v = 7;
    assert_int_equal(parley_memory_size_parse("512M", &v), PARLEY_OK);
    assert_true(v == 536870912ULL);
    assert_int_equal(parley_memory_size_parse("3KiB", &v), PARLEY_OK);
    assert_true(v == 3072ULL);
    assert_int_equal(parley_memory_size_parse("3kb", &v), PARLEY_OK);
    assert_true(v == 3072ULL);
    assert_int_equal(parley_memory_size_parse("1", &v), PARLEY_OK);
    assert_true(v == 1ULL);
    assert_int_equal(parley_memory_size_parse("16777215T", &v), PARLEY_OK);
    assert_true(v == 16777215ULL << 40);
    const char *bad[] = {"",     "0",   "0K",  "16777216T",           "1X", "1 M", "-1", "+1", " 1",
                         "1.5G", "1KK", "1iB", "18446744073709551616"};
    for (size_t k = 0; k < sizeof bad / sizeof *bad; ++k) {
        v = 7;
        assert_int_equal(parley_memory_size_parse(bad[k], &v), PARLEY_EINVAL);
        assert_true(v == 7);
    }
    assert_int_equal(parley_memory_size_parse(NULL, &v), PARLEY_EINVAL);
    /* half of the physical memory: a whole number of pages' halves */
    unsigned long long d = parley_memory_limit_default();
    long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    if (pages > 0 && page > 0)
        assert_true(d == (unsigned long long)pages / 2 * (unsigned long long)page);
}

/* The what-if in text form on the default scenario (saliences stated on
 * 0-100): USA's denuclearisation position becomes 37.5 and its salience
 * 40 / 100 = 0.4; China is dropped (absent everywhere); the base is left
 * as it was; a bad text is named by its index. */
static void test_whatif_text(void **state) {
    (void)state;
    parley_scenario base, out;
    load_default(&base);
    const char *sets[] = {"USA.denuclearisation.position=37.5", "USA.denuclearisation.salience=40"};
    const char *drops[] = {"China"};
    size_t bad = 0;
    parley_error err;
    assert_int_equal(parley_whatif_apply_text(&out, &base, sets, 2, drops, 1, &bad, &err),
                     PARLEY_OK);
    assert_int_equal(bad, (size_t)-1);
    size_t usa = parley_scenario_find_actor(&base, "USA"),
           china = parley_scenario_find_actor(&base, "China");
    size_t i = parley_scenario_find_issue(&base, "denuclearisation");
    assert_true(parley_scenario_cell_const(&out, usa, i)->position == 37.5);
    assert_close(parley_scenario_cell_const(&out, usa, i)->salience, 0.4, 1e-15);
    assert_true(parley_scenario_cell_const(&base, usa, i)->position != 37.5);
    for (size_t k = 0; k < out.n_issues; ++k)
        assert_int_equal(parley_scenario_cell_const(&out, china, k)->present, 0);
    assert_int_equal(parley_scenario_cell_const(&base, china, i)->present, 1);
    parley_scenario_destroy(&out);

    const char *bad_sets[] = {"USA.denuclearisation.position=1", "USA.nope.position=1"};
    assert_int_equal(parley_whatif_apply_text(&out, &base, bad_sets, 2, NULL, 0, &bad, &err),
                     PARLEY_EINVAL);
    assert_int_equal(bad, 1);
    assert_string_equal(
        err.message, "set 'USA.nope.position=1': no issue named 'nope' (or '*' for every issue)");
    parley_scenario_destroy(&out);
    const char *bad_drops[] = {"China", "Atlantis"};
    assert_int_equal(parley_whatif_apply_text(&out, &base, sets, 1, bad_drops, 2, &bad, &err),
                     PARLEY_EINVAL);
    assert_int_equal(bad, 2); /* n_sets + 1 */
    assert_string_equal(err.message, "drop: no actor named 'Atlantis' in the scenario "
                                     "(actors: USA, China, Russia, DPRK, ROK, Japan)");
    parley_scenario_destroy(&out);
    const char *far[] = {"USA.denuclearisation.position=500"}; /* outside 0-100 */
    assert_int_equal(parley_whatif_apply_text(&out, &base, far, 1, NULL, 0, &bad, &err),
                     PARLEY_EDATA);
    assert_int_equal(bad, (size_t)-1);
    parley_scenario_destroy(&out);
    parley_scenario_destroy(&base);
}

/* Output checks: the input under another spelling, two outputs that are
 * one file, a directory, a missing directory, a file where a directory
 * should be. */
static void test_outputs_check(void **state) {
    (void)state;
    parley_error err;
    const char *in = temp_file("{}");
    char other[64];
    snprintf(other, sizeof other, "/tmp/../tmp/%s", strrchr(in, '/') + 1);
    const char *o1[] = {other};
    assert_int_equal(parley_outputs_check(&in, 1, o1, 1, 0, &err), PARLEY_EINVAL);
    const char *o2[] = {"/tmp/parley_out_a.txt", "-", "/tmp/./parley_out_a.txt"};
    assert_int_equal(parley_outputs_check(&in, 1, o2, 3, 0, &err), PARLEY_EINVAL);
    assert_string_equal(err.message, "two outputs are the same file ('/tmp/parley_out_a.txt' and "
                                     "'/tmp/./parley_out_a.txt')");
    const char *o3[] = {"/tmp"};
    assert_int_equal(parley_outputs_check(&in, 1, o3, 1, 0, &err), PARLEY_EIO);
    assert_string_equal(err.file, "/tmp");
    assert_int_equal(parley_outputs_check(&in, 1, o3, 1, 1, &err), PARLEY_OK); /* as a directory */
    /* a file, or a dangling link, where the directory should be: named now */
    const char *o6[] = {NULL, in};
    assert_int_equal(parley_outputs_check(NULL, 0, o6, 2, 1, &err), PARLEY_EIO);
    assert_string_equal(err.file, in);
    assert_string_equal(err.message, "cannot write: it is not a directory");
    const char *o7[] = {"/tmp/parley_dangling_svg_dir"};
    remove(o7[0]);
    assert_int_equal(symlink("/nonexistent-parley/dir", o7[0]), 0);
    assert_int_equal(parley_outputs_check(NULL, 0, o7, 1, 1, &err), PARLEY_EIO);
    assert_string_equal(err.message, "cannot write: it is not a directory");
    remove(o7[0]);
    const char *o8[] = {"/tmp/parley_missing_svg_dir"}; /* to be created: fine */
    assert_int_equal(parley_outputs_check(NULL, 0, o8, 1, 1, &err), PARLEY_OK);
    const char *o4[] = {"/nonexistent-parley/x.txt", NULL};
    assert_int_equal(parley_outputs_check(&in, 1, o4, 2, 0, &err), PARLEY_EIO);
    const char *o5[] = {"/tmp/parley_out_b.txt", NULL};
    assert_int_equal(parley_outputs_check(&in, 1, o5, 2, 0, &err), PARLEY_OK);
    /* every input counts (NULL skipped), not only the first */
    const char *ins[] = {"/tmp/parley_in_a.json", NULL, in};
    assert_int_equal(parley_outputs_check(ins, 3, o1, 1, 0, &err), PARLEY_EINVAL);
    char want[256];
    snprintf(want, sizeof want, "the output '%s' is the input file '%s'; refusing to overwrite it",
             other, in);
    assert_string_equal(err.message, want);
    remove(in);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spec_text),
        cmocka_unit_test(test_spec_file),
        cmocka_unit_test(test_spec_perturbation),
        cmocka_unit_test(test_configs),
        cmocka_unit_test(test_rows),
        cmocka_unit_test(test_forecast_values),
        cmocka_unit_test(test_run_params),
        cmocka_unit_test(test_caller_rng),
        cmocka_unit_test(test_params_text),
        cmocka_unit_test(test_model_list),
        cmocka_unit_test(test_memory_size),
        cmocka_unit_test(test_whatif_text),
        cmocka_unit_test(test_outputs_check),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
