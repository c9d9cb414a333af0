"""The ctypes layer: finds libparley.so, mirrors the public structs of
include/parley/*.h and declares the prototypes of the functions the
package calls.

Only the public API is used (no parley_i_* symbol).  Every struct below
mirrors its C declaration member for member; tests/test_abi.py compiles a
small C program against the headers and checks every size and offset, so
a change to a header that is not mirrored here fails the suite.

ctypes.CDLL releases the GIL around every foreign call, so a long forecast,
ensemble or backtest does not block other Python threads; a Python
callback (the ensemble's progress) takes the GIL back while it runs.
"""

import ctypes
import ctypes.util
import os
import threading

c_size_t = ctypes.c_size_t
c_double = ctypes.c_double
c_int = ctypes.c_int
c_uint = ctypes.c_uint
c_char_p = ctypes.c_char_p
c_void_p = ctypes.c_void_p
c_u64 = ctypes.c_uint64
c_ull = ctypes.c_ulonglong
c_enum = ctypes.c_int  # every parley enum fits an int (C11 6.7.2.2)
P = ctypes.POINTER

ERROR_FILE_MAX = 256
ERROR_PATH_MAX = 256
ERROR_MSG_MAX = 512
N_FIELDS = 3


class Error(ctypes.Structure):
    """parley_error (status.h)."""
    _fields_ = [
        ("status", c_enum),
        ("file", ctypes.c_char * ERROR_FILE_MAX),
        ("line", c_size_t),
        ("column", c_size_t),
        ("path", ctypes.c_char * ERROR_PATH_MAX),
        ("message", ctypes.c_char * ERROR_MSG_MAX),
    ]


class Diag(ctypes.Structure):
    """parley_diag (status.h)."""
    _fields_ = [("severity", c_enum), ("error", Error)]


class Diags(ctypes.Structure):
    """parley_diags (status.h)."""
    _fields_ = [
        ("items", P(Diag)),
        ("count", c_size_t),
        ("capacity", c_size_t),
        ("n_errors", c_size_t),
        ("max_items", c_size_t),
        ("dropped", c_size_t),
    ]


class Buf(ctypes.Structure):
    """parley_buf (buf.h).  data is a c_void_p so that ctypes does not
    convert it (the text may hold NUL bytes; len says how long it is)."""
    _fields_ = [
        ("data", c_void_p),
        ("len", c_size_t),
        ("cap", c_size_t),
        ("failed", c_int),
    ]


class Rng(ctypes.Structure):
    """parley_rng (rng.h)."""
    _fields_ = [("s", c_u64 * 4)]


class RunParams(ctypes.Structure):
    """parley_run_params (params.h)."""
    _fields_ = [
        ("seed", c_u64),
        ("stream", c_u64),
        ("rounds", c_size_t),
        ("rng", P(Rng)),
    ]


class ScaleLabel(ctypes.Structure):
    """parley_scale_label (scenario.h)."""
    _fields_ = [("point", c_double), ("label", c_char_p)]


class ObservedOutcome(ctypes.Structure):
    """parley_observed_outcome (scenario.h)."""
    _fields_ = [
        ("has_value", c_int),
        ("value", c_double),
        ("as_of", c_char_p),
        ("source", c_char_p),
        ("confidence", c_char_p),
        ("note", c_char_p),
    ]


class Issue(ctypes.Structure):
    """parley_issue (scenario.h)."""
    _fields_ = [
        ("name", c_char_p),
        ("description", c_char_p),
        ("lo", c_double),
        ("hi", c_double),
        ("bounds_given", c_int),
        ("labels", P(ScaleLabel)),
        ("n_labels", c_size_t),
        ("has_status_quo", c_int),
        ("status_quo", c_double),
        ("status_quo_note", c_char_p),
        ("outcome", ObservedOutcome),
    ]


class Actor(ctypes.Structure):
    """parley_actor (scenario.h)."""
    _fields_ = [("name", c_char_p), ("description", c_char_p)]


class Cell(ctypes.Structure):
    """parley_cell (scenario.h)."""
    _fields_ = [
        ("present", c_int),
        ("position", c_double),
        ("salience", c_double),
        ("capability", c_double),
        ("position_note", c_char_p),
        ("salience_note", c_char_p),
        ("capability_note", c_char_p),
    ]


class Scenario(ctypes.Structure):
    """parley_scenario (scenario.h)."""
    _fields_ = [
        ("name", c_char_p),
        ("description", c_char_p),
        ("source", c_char_p),
        ("as_of", c_char_p),
        ("n_actors", c_size_t),
        ("n_issues", c_size_t),
        ("actors", P(Actor)),
        ("issues", P(Issue)),
        ("cells", P(Cell)),
        ("salience_scale", c_enum),
        ("salience_scale_inferred", c_int),
    ]


class ReadOptions(ctypes.Structure):
    """parley_read_options (io.h)."""
    _fields_ = [
        ("salience_scale", c_int),
        ("issue_name", c_char_p),
        ("bounds_given", c_int),
        ("lo", c_double),
        ("hi", c_double),
        ("outcomes", c_char_p),
        ("delimiter", ctypes.c_char),
        ("decimal", ctypes.c_char),
        ("sheet", c_char_p),
    ]


class ParamChoice(ctypes.Structure):
    """parley_param_choice (params.h): one name of a choice and its value;
    a list of them ends with a NULL name."""
    _fields_ = [("name", c_char_p), ("value", c_int)]


class ParamDef(ctypes.Structure):
    """parley_param_def (params.h): one entry of a model's parameter
    table; a table ends with an entry whose key is NULL.  parse and check
    are the C hooks of a custom entry (never called from Python)."""
    _fields_ = [
        ("key", c_char_p),
        ("kind", c_enum),
        ("offset", c_size_t),
        ("lo", c_double),
        ("hi", c_double),
        ("ilo", c_ull),
        ("ihi", c_ull),
        ("choices", P(ParamChoice)),
        ("aliases", P(ParamChoice)),
        ("key_aliases", P(c_char_p)),
        ("label", c_char_p),
        ("flags", c_uint),
        ("doc", c_char_p),
        ("parse", c_void_p),
        ("check", c_void_p),
    ]


# parley_param_kind (params.h), by value
PARAM_KINDS = ("real", "whole", "count", "flag", "choice", "custom")
# parley_param_def.flags: PARLEY_PARAM_RUN (params.h)
PARAM_RUN = 8


class ModelType(ctypes.Structure):
    """parley_model_type (model.h).  The hooks are opaque function
    pointers (never called from Python); the package reads the names,
    params_size, param_defs and presets."""
    _fields_ = [
        ("name", c_char_p),
        ("title", c_char_p),
        ("source", c_char_p),
        ("short_name", c_char_p),
        ("gloss", c_char_p),
        ("report_flags", c_uint),
        ("params_size", c_size_t),
        ("state_size", c_size_t),
        ("params_default", c_void_p),
        ("params_set", c_void_p),
        ("params_describe", c_void_p),
        ("init", c_void_p),
        ("iterate", c_void_p),
        ("test", c_void_p),
        ("outcome", c_void_p),
        ("positions", c_void_p),
        ("risk", c_void_p),
        ("moves", c_void_p),
        ("challenges", c_void_p),
        ("destroy", c_void_p),
        ("scope", c_enum),
        ("init_scenario", c_void_p),
        ("issue_status", c_void_p),
        ("outcome_issue", c_void_p),
        ("positions_issue", c_void_p),
        ("risk_issue", c_void_p),
        ("moves_issue", c_void_p),
        ("memory_estimate", c_void_p),
        ("params_run", c_void_p),
        ("param_defs", P(ParamDef)),
        ("presets", P(c_char_p)),
        ("params_changed", c_void_p),
    ]


class Params(ctypes.Structure):
    """parley_params (model.h).  type points to a parley_model_type whose
    first member is its name (const char *)."""
    _fields_ = [("type", P(c_char_p)), ("data", c_void_p)]


class Outcome(ctypes.Structure):
    """parley_outcome (model.h)."""
    _fields_ = [
        ("forecast", c_double),
        ("mean", c_double),
        ("median", c_double),
        ("median_tie", c_int),
        ("median_tie_lo", c_double),
        ("median_tie_hi", c_double),
        ("rounds", c_size_t),
        ("stop", c_enum),
        ("cycle", c_int),
        ("cycle_start", c_size_t),
        ("cycle_period", c_size_t),
        ("cycle_lo", c_double),
        ("cycle_hi", c_double),
        ("note", c_char_p),
    ]


class Move(ctypes.Structure):
    """parley_move (model.h)."""
    _fields_ = [
        ("receiver", c_size_t),
        ("sender", c_size_t),
        ("kind", c_enum),
        ("e_i", c_double),
        ("e_j", c_double),
        ("from_", c_double),
        ("to", c_double),
    ]


class Challenge(ctypes.Structure):
    """parley_challenge (model.h)."""
    _fields_ = [("e_i", c_double), ("e_j", c_double)]


class RoundRecord(ctypes.Structure):
    """parley_round_record (forecast.h)."""
    _fields_ = [
        ("median", c_double),
        ("mean", c_double),
        ("forecast", c_double),
        ("position", P(c_double)),
        ("risk", P(c_double)),
        ("moves", P(Move)),
        ("n_moves", c_size_t),
        ("challenges", P(Challenge)),
    ]


class Run(ctypes.Structure):
    """parley_run (forecast.h)."""
    _fields_ = [
        ("status", c_enum),
        ("error", Error),
        ("outcome", Outcome),
        ("n", c_size_t),
        ("actor", P(c_size_t)),
        ("start", P(c_double)),
        ("final", P(c_double)),
        ("rounds", P(RoundRecord)),
        ("n_rounds", c_size_t),
    ]


class Forecast(ctypes.Structure):
    """parley_forecast (forecast.h)."""
    _fields_ = [
        ("scenario", P(Scenario)),
        ("params", P(Params)),
        ("n_models", c_size_t),
        ("traced", c_int),
        ("runs", P(Run)),
    ]


class Agreement(ctypes.Structure):
    """parley_agreement (combine.h)."""
    _fields_ = [
        ("n", c_size_t),
        ("median", c_double),
        ("min", c_double),
        ("max", c_double),
        ("spread", c_double),
        ("mad", c_double),
        ("threshold", c_double),
        ("core_lo", c_double),
        ("core_hi", c_double),
        ("n_outliers", c_size_t),
        ("width", c_double),
    ]


class CombinedIssue(ctypes.Structure):
    """parley_combined_issue (combine.h)."""
    _fields_ = [
        ("status", c_enum),
        ("value", c_double),
        ("band", Agreement),
        ("outlier", P(ctypes.c_ubyte)),
        ("sentence", c_char_p),
        ("has_sq", c_int),
        ("p_sq", c_double),
        ("sq_ran", c_size_t),
        ("outcome", c_double),
    ]


class CombinedScore(ctypes.Structure):
    """parley_combined_score (combine.h)."""
    _fields_ = [
        ("scored", c_int),
        ("n", c_size_t),
        ("mae", c_double),
        ("best_model_mae", c_double),
        ("best_model", c_char_p),
        ("status_quo_mae", c_double),
        ("midpoint_mae", c_double),
        ("beats_all", c_int),
        ("combined_on_sq_mae", c_double),
        ("n_sq", c_size_t),
        ("n_brier", c_size_t),
        ("brier", c_double),
        ("brier_baseline", c_double),
        ("unscored", ctypes.c_char * ERROR_MSG_MAX),
    ]


class Noise(ctypes.Structure):
    """parley_noise (ensemble.h)."""
    _fields_ = [("dist", c_enum), ("size", c_double)]


class Perturbation(ctypes.Structure):
    """parley_perturbation (ensemble.h)."""
    _fields_ = [
        ("noise", Noise * N_FIELDS),
        ("actor_noise", P(Noise)),
        ("drop", c_double),
    ]


class CombineOptions(ctypes.Structure):
    """parley_combine_options (combine.h)."""
    _fields_ = [
        ("method", c_enum),
        ("weights", P(c_double)),
        ("sq_replicates", c_size_t),
        ("seed", c_u64),
        ("pert", P(Perturbation)),
    ]


class Combined(ctypes.Structure):
    """parley_combined (combine.h)."""
    _fields_ = [
        ("method", c_enum),
        ("n_issues", c_size_t),
        ("n_models", c_size_t),
        ("issues", P(CombinedIssue)),
        ("sq_replicates", c_size_t),
        ("score", CombinedScore),
    ]


class ReportMeta(ctypes.Structure):
    """parley_report_meta (report.h)."""
    _fields_ = [
        ("source", c_char_p),
        ("version", c_char_p),
        ("seed", c_ull),
        ("combined", P(Combined)),
    ]


PROGRESS_FN = ctypes.CFUNCTYPE(c_int, c_void_p, c_size_t, c_size_t)
REPLICATE_FN = ctypes.CFUNCTYPE(c_int, c_void_p, c_u64, P(c_double),
                                P(ctypes.c_ubyte))


class EnsembleOptions(ctypes.Structure):
    """parley_ensemble_options (ensemble.h)."""
    _fields_ = [
        ("seed", c_u64),
        ("first", c_u64),
        ("count", c_u64),
        ("total", c_u64),
        ("threads", c_int),
        ("max_memory", c_size_t),
        ("progress", PROGRESS_FN),
        ("progress_data", c_void_p),
        ("on_replicate", REPLICATE_FN),
        ("replicate_data", c_void_p),
    ]


class EnsembleSummary(ctypes.Structure):
    """parley_ensemble_summary (ensemble.h)."""
    _fields_ = [
        ("n_issues", c_size_t),
        ("n_configs", c_size_t),
        ("bins", c_size_t),
        ("max_bands", c_size_t),
        ("sum_stride", c_size_t),
        ("ext_stride", c_size_t),
        ("lo", P(c_double)),
        ("hi", P(c_double)),
        ("n_bands", P(c_size_t)),
        ("band_lo", P(c_double)),
        ("band_hi", P(c_double)),
        ("sums", P(c_u64)),
        ("mins", P(c_u64)),
        ("maxs", P(c_u64)),
        ("sums_len", c_size_t),
        ("ext_len", c_size_t),
    ]


class EnsembleStats(ctypes.Structure):
    """parley_ensemble_stats (ensemble.h)."""
    _fields_ = [
        ("n", c_u64),
        ("n_failed", c_u64),
        ("mean", c_double),
        ("sd", c_double),
        ("min", c_double),
        ("max", c_double),
        ("q", c_double * 5),
        ("hist", P(c_u64)),
        ("bands", P(c_u64)),
        ("n_bands", c_size_t),
    ]


class Change(ctypes.Structure):
    """parley_change (leverage.h)."""
    _fields_ = [
        ("actor", c_size_t),
        ("issue", c_size_t),
        ("field", c_enum),
        ("value", c_double),
    ]


class LeverageRow(ctypes.Structure):
    """parley_leverage_row (leverage.h)."""
    _fields_ = [
        ("actor", c_size_t),
        ("issue", c_size_t),
        ("model", c_size_t),
        ("field", c_enum),
        ("drop", c_int),
        ("derivative", c_double),
        ("effect", c_double),
        ("failed", c_int),
    ]


class Leverage(ctypes.Structure):
    """parley_leverage (leverage.h)."""
    _fields_ = [
        ("rows", P(LeverageRow)),
        ("n_rows", c_size_t),
        ("base", P(c_double)),
        ("n_issues", c_size_t),
        ("n_models", c_size_t),
        ("n_forecasts", c_size_t),
        ("n_actors", c_size_t),
        ("n_selected", c_size_t),
        ("selected", P(c_size_t)),
        ("n_screened", c_size_t),
        ("screen", P(c_double)),
        ("refined", P(c_size_t)),
        ("n_refined", c_size_t),
        ("screen_kinds", c_uint),
    ]


class BacktestScore(ctypes.Structure):
    """parley_backtest_score (backtest.h)."""
    _fields_ = [
        ("mae", c_double),
        ("rmse", c_double),
        ("bias", c_double),
        ("within10", c_double),
        ("n", c_size_t),
        ("cover50", c_double),
        ("cover90", c_double),
        ("n_calibrated", c_size_t),
    ]


class BacktestIssue(ctypes.Structure):
    """parley_backtest_issue (backtest.h)."""
    _fields_ = [
        ("case_index", c_size_t),
        ("issue", c_size_t),
        ("name", c_char_p),
        ("outcome", c_double),
        ("lo", c_double),
        ("hi", c_double),
        ("forecast", P(c_double)),
        ("q", P(c_double)),
        ("p_sq", c_double),
        ("sq_held", c_int),
    ]


BACKTEST_EXTRA_FN = ctypes.CFUNCTYPE(c_enum, c_void_p, P(P(Scenario)),
                                     c_size_t, c_size_t, P(Forecast),
                                     P(c_double), P(Error))


class CaseLibrary(ctypes.Structure):
    """parley_case_library (cases.h)."""
    _fields_ = [
        ("n", c_size_t),
        ("files", P(c_char_p)),
        ("names", P(c_char_p)),
        ("cases", P(Scenario)),
        ("n_loaded", c_size_t),
        ("capacity", c_size_t),
    ]


CASE_DIAGS_FN = ctypes.CFUNCTYPE(None, c_void_p, c_enum, c_char_p, c_enum,
                                 P(Diags))


class CaseRequest(ctypes.Structure):
    """parley_case_request (cases.h)."""
    _fields_ = [
        ("files", P(c_char_p)),
        ("n_files", c_size_t),
        ("dir", c_char_p),
        ("shipped", c_int),
        ("ro", P(ReadOptions)),
        ("on_diags", CASE_DIAGS_FN),
        ("diags_data", c_void_p),
        ("dir_named_by", c_char_p),
    ]


class CaseSource(ctypes.Structure):
    """parley_case_source (cases.h): a case request and its directory."""
    _fields_ = [
        ("req", CaseRequest),
        ("dir", ctypes.c_char * 4096),  # PARLEY_CASE_DIR_MAX
    ]


class BacktestOptions(ctypes.Structure):
    """parley_backtest_options (backtest.h)."""
    _fields_ = [
        ("ensemble", c_u64),
        ("seed", c_u64),
        ("perturbation", P(Perturbation)),
        ("threads", c_int),
        ("extra", BACKTEST_EXTRA_FN),
        ("extra_data", c_void_p),
        ("extra_name", c_char_p),
        ("sq_replicates", c_size_t),
        ("noise", c_double),
    ]


class Backtest(ctypes.Structure):
    """parley_backtest (backtest.h)."""
    _fields_ = [
        ("n_models", c_size_t),
        ("model_names", P(c_char_p)),
        ("n_baselines", c_size_t),
        ("n_cases", c_size_t),
        ("case_names", P(c_char_p)),
        ("n_issues", c_size_t),
        ("issues", P(BacktestIssue)),
        ("pooled", P(BacktestScore)),
        ("per_case", P(BacktestScore)),
        ("calibrated", c_int),
        ("ensemble", c_u64),
        ("n_sq", c_size_t),
        ("brier", c_double),
        ("brier_baseline", c_double),
    ]


class EnsembleReport(ctypes.Structure):
    """parley_ensemble_report (report_analysis.h)."""
    _fields_ = [
        ("scenario", P(Scenario)),
        ("params", P(Params)),
        ("labels", P(c_char_p)),
        ("n_configs", c_size_t),
        ("perturbation", P(Perturbation)),
        ("summary", P(EnsembleSummary)),
        ("base", P(c_double)),
        ("unchanged", P(c_double)),
        ("replicates", c_ull),
        ("shock", c_double),
        ("changes", P(c_char_p)),
        ("n_changes", c_size_t),
        ("n_experts", c_size_t),
        ("experts_draw", c_enum),
    ]


SPEC_WHERE_MAX = 700  # PARLEY_SPEC_WHERE_MAX (ensemble.h)


class NoiseItem(ctypes.Structure):
    """parley_noise_item (ensemble.h)."""
    _fields_ = [
        ("actor", ctypes.c_char * 128),
        ("all", c_int),
        ("field", c_enum),
        ("noise", Noise),
        ("where", ctypes.c_char * SPEC_WHERE_MAX),
    ]


class Sweep(ctypes.Structure):
    """parley_sweep (ensemble.h)."""
    _fields_ = [
        ("model", ctypes.c_char * 64),
        ("key", ctypes.c_char * 128),
        ("values", P(c_char_p)),
        ("n_values", c_size_t),
        ("where", ctypes.c_char * SPEC_WHERE_MAX),
    ]


class EnsembleSpec(ctypes.Structure):
    """parley_ensemble_spec (ensemble.h)."""
    _fields_ = [
        ("replicates", c_ull),
        ("seed", c_ull),
        ("bins", c_ull),
        ("drop", c_double),
        ("shock", c_double),
        ("has_replicates", c_int),
        ("has_seed", c_int),
        ("has_bins", c_int),
        ("has_drop", c_int),
        ("has_shock", c_int),
        ("no_noise", c_int),
        ("noise", P(NoiseItem)),
        ("n_noise", c_size_t),
        ("cap_noise", c_size_t),
        ("sweeps", P(Sweep)),
        ("n_sweeps", c_size_t),
        ("cap_sweeps", c_size_t),
    ]


class EnsembleConfigs(ctypes.Structure):
    """parley_ensemble_configs (ensemble.h)."""
    _fields_ = [
        ("params", P(Params)),
        ("labels", P(c_char_p)),
        ("n", c_size_t),
        ("bad_sweep", c_size_t),
        ("bad_value", c_size_t),
    ]


class EnsembleResult(ctypes.Structure):
    """parley_ensemble_result (ensemble_request.h)."""
    _fields_ = [
        ("configs", EnsembleConfigs),
        ("perturbation", Perturbation),
        ("actor_noise", P(Noise)),
        ("summary", EnsembleSummary),
        ("base", P(c_double)),
        ("unchanged", P(c_double)),
        ("nothing_perturbed", c_int),
        ("stage", c_enum),
        ("bad_noise", c_size_t),
    ]


ENSEMBLE_PREPARE_FN = ctypes.CFUNCTYPE(c_enum, c_void_p, P(EnsembleResult),
                                       P(EnsembleOptions), P(Error))


class EnsembleRequest(ctypes.Structure):
    """parley_ensemble_request (ensemble_request.h)."""
    _fields_ = [
        ("scenario", P(Scenario)),
        ("unchanged", P(Scenario)),
        ("experts", c_void_p),
        ("draw", c_enum),
        ("spec", P(EnsembleSpec)),
        ("spec_file", c_char_p),
        ("params", P(Params)),
        ("n_params", c_size_t),
        ("max_memory", c_size_t),
        ("options", EnsembleOptions),
        ("prepare", ENSEMBLE_PREPARE_FN),
        ("prepare_data", c_void_p),
    ]


class BestPosition(ctypes.Structure):
    """parley_best_position_result (leverage.h)."""
    _fields_ = [
        ("ideal", c_double),
        ("stated", c_double),
        ("forecast", c_double),
        ("base_forecast", c_double),
        ("lo", c_double),
        ("hi", c_double),
        ("evaluations", c_size_t),
    ]


class BestPositions(ctypes.Structure):
    """parley_best_positions (leverage.h)."""
    _fields_ = [
        ("best", P(BestPosition)),
        ("issue", P(c_size_t)),
        ("model", P(c_size_t)),
        ("n", c_size_t),
    ]


class LeverageResult(ctypes.Structure):
    """parley_leverage_result (leverage.h)."""
    _fields_ = [
        ("leverage", Leverage),
        ("unchanged", P(c_double)),
        ("best", BestPositions),
        ("actor", c_size_t),
        ("issue", c_size_t),
        ("actors", P(c_size_t)),
        ("n_actors", c_size_t),
        ("stage", c_enum),
    ]


LEVERAGE_SHARE_FN = ctypes.CFUNCTYPE(c_enum, c_void_p, P(c_double), c_size_t,
                                     c_enum)


class LeverageOptions(ctypes.Structure):
    """parley_leverage_options (leverage.h)."""
    _fields_ = [
        ("step", c_double),
        ("step_effect", c_double),
        ("seed", c_ull),
        ("actors", P(c_size_t)),
        ("n_actors", c_size_t),
        ("top_actors", c_size_t),
        ("screen", c_uint),
        ("threads", c_int),
        ("max_memory", c_size_t),
        ("progress", PROGRESS_FN),
        ("progress_data", c_void_p),
        ("rank", c_int),
        ("size", c_int),
        ("share", LEVERAGE_SHARE_FN),
        ("share_data", c_void_p),
    ]


LEVERAGE_PREPARE_FN = ctypes.CFUNCTYPE(None, c_void_p, P(LeverageResult),
                                       P(LeverageOptions))


class LeverageRequest(ctypes.Structure):
    """parley_leverage_request (leverage.h)."""
    _fields_ = [
        ("scenario", P(Scenario)),
        ("unchanged", P(Scenario)),
        ("params", P(Params)),
        ("n_params", c_size_t),
        ("max_memory", c_size_t),
        ("actor", c_char_p),
        ("issue", c_char_p),
        ("grid_points", c_size_t),
        ("actor_names", P(c_char_p)),
        ("n_actor_names", c_size_t),
        ("options", LeverageOptions),
        ("prepare", LEVERAGE_PREPARE_FN),
        ("prepare_data", c_void_p),
    ]


class LeverageReport(ctypes.Structure):
    """parley_leverage_report (report_analysis.h)."""
    _fields_ = [
        ("scenario", P(Scenario)),
        ("params", P(Params)),
        ("leverage", P(Leverage)),
        ("unchanged", P(c_double)),
        ("effect", c_double),
        ("step", c_double),
        ("top", c_size_t),
        ("best", P(BestPosition)),
        ("best_issue", P(c_size_t)),
        ("best_model", P(c_size_t)),
        ("n_best", c_size_t),
        ("best_actor", c_size_t),
        ("changes", P(c_char_p)),
        ("n_changes", c_size_t),
    ]


class StoreRun(ctypes.Structure):
    """parley_store_run (store.h)."""
    _fields_ = [
        ("command", c_char_p),
        ("command_line", c_char_p),
        ("scenario_file", c_char_p),
        ("seed", c_ull),
        ("started", c_double),
        ("wall_seconds", c_double),
        ("status", c_enum),
        ("level", c_enum),
    ]


class StoreDocument(ctypes.Structure):
    """parley_store_document (store.h)."""
    _fields_ = [("kind", c_char_p), ("format", c_char_p), ("body", c_char_p)]


class StoreOutputs(ctypes.Structure):
    """parley_store_outputs (store.h)."""
    _fields_ = [("docs", StoreDocument * 3), ("bufs", Buf * 3)]


class StoreEntry(ctypes.Structure):
    """parley_store_entry (store.h)."""
    _fields_ = [
        ("id", ctypes.c_longlong),
        ("stored", c_char_p),
        ("version", c_char_p),
        ("command", c_char_p),
        ("command_line", c_char_p),
        ("scenario", c_char_p),
        ("scenario_file", c_char_p),
        ("as_of", c_char_p),
        ("models", c_char_p),
        ("status", c_char_p),
        ("seed", c_ull),
        ("wall_seconds", c_double),
        ("scenario_id", ctypes.c_longlong),
    ]


class WriteOptions(ctypes.Structure):
    """parley_write_options (io.h)."""
    _fields_ = [("lossy", c_int)]


class ParamsSetup(ctypes.Structure):
    """parley_params_setup (forecast.h)."""
    _fields_ = [("preset", c_char_p), ("rounds", c_size_t),
                ("params", P(c_char_p)), ("n_params", c_size_t),
                ("seed", c_u64)]


class StoreFilter(ctypes.Structure):
    """parley_store_filter (store.h)."""
    _fields_ = [("scenario", c_char_p), ("model", c_char_p),
                ("since", c_char_p), ("until", c_char_p)]


class StoreList(ctypes.Structure):
    """parley_store_list (store.h)."""
    _fields_ = [("entries", P(StoreEntry)), ("n", c_size_t)]


class StoreResult(ctypes.Structure):
    """parley_store_result (store.h)."""
    _fields_ = [
        ("issue", c_size_t),
        ("issue_id", c_char_p),
        ("model", c_char_p),
        ("status", c_char_p),
        ("forecast", c_double),
        ("rounds", c_size_t),
    ]


class StoreResults(ctypes.Structure):
    """parley_store_results (store.h)."""
    _fields_ = [("items", P(StoreResult)), ("n", c_size_t)]


# The structs checked by tests/test_abi.py: C name -> ctypes class.
STRUCTS = {
    "parley_error": Error,
    "parley_diag": Diag,
    "parley_diags": Diags,
    "parley_case_request": CaseRequest,
    "parley_case_source": CaseSource,
    "parley_case_library": CaseLibrary,
    "parley_buf": Buf,
    "parley_rng": Rng,
    "parley_run_params": RunParams,
    "parley_scale_label": ScaleLabel,
    "parley_observed_outcome": ObservedOutcome,
    "parley_issue": Issue,
    "parley_actor": Actor,
    "parley_cell": Cell,
    "parley_scenario": Scenario,
    "parley_read_options": ReadOptions,
    "parley_params": Params,
    "parley_param_choice": ParamChoice,
    "parley_param_def": ParamDef,
    "parley_model_type": ModelType,
    "parley_outcome": Outcome,
    "parley_move": Move,
    "parley_challenge": Challenge,
    "parley_round_record": RoundRecord,
    "parley_run": Run,
    "parley_forecast": Forecast,
    "parley_agreement": Agreement,
    "parley_combined_issue": CombinedIssue,
    "parley_combined_score": CombinedScore,
    "parley_noise": Noise,
    "parley_perturbation": Perturbation,
    "parley_combine_options": CombineOptions,
    "parley_combined": Combined,
    "parley_report_meta": ReportMeta,
    "parley_ensemble_options": EnsembleOptions,
    "parley_ensemble_summary": EnsembleSummary,
    "parley_ensemble_stats": EnsembleStats,
    "parley_change": Change,
    "parley_leverage_row": LeverageRow,
    "parley_leverage": Leverage,
    "parley_backtest_score": BacktestScore,
    "parley_backtest_issue": BacktestIssue,
    "parley_backtest_options": BacktestOptions,
    "parley_backtest": Backtest,
    "parley_ensemble_report": EnsembleReport,
    "parley_noise_item": NoiseItem,
    "parley_sweep": Sweep,
    "parley_ensemble_spec": EnsembleSpec,
    "parley_ensemble_configs": EnsembleConfigs,
    "parley_ensemble_result": EnsembleResult,
    "parley_ensemble_request": EnsembleRequest,
    "parley_leverage_report": LeverageReport,
    "parley_best_position_result": BestPosition,
    "parley_best_positions": BestPositions,
    "parley_leverage_result": LeverageResult,
    "parley_leverage_options": LeverageOptions,
    "parley_leverage_request": LeverageRequest,
    "parley_store_run": StoreRun,
    "parley_store_document": StoreDocument,
    "parley_store_outputs": StoreOutputs,
    "parley_store_entry": StoreEntry,
    "parley_store_filter": StoreFilter,
    "parley_params_setup": ParamsSetup,
    "parley_write_options": WriteOptions,
    "parley_store_list": StoreList,
    "parley_store_result": StoreResult,
    "parley_store_results": StoreResults,
}

# name: (restype, argtypes)
_PROTOTYPES = {
    "parley_store_open": (c_enum, [P(c_void_p), c_char_p, c_int, P(Error)]),
    "parley_store_close": (None, [c_void_p]),
    "parley_store_run_init": (None, [P(StoreRun)]),
    "parley_store_put": (c_enum, [c_void_p, P(StoreRun), P(Scenario),
                                  P(Forecast), P(Params), c_size_t,
                                  P(StoreDocument), c_size_t,
                                  P(ctypes.c_longlong), P(Error)]),
    "parley_store_list_runs": (c_enum, [c_void_p, P(StoreFilter),
                                        P(StoreList), P(Error)]),
    "parley_store_list_destroy": (None, [P(StoreList)]),
    "parley_store_get_run": (c_enum, [c_void_p, ctypes.c_longlong,
                                      P(StoreList), P(Error)]),
    "parley_store_document_get": (c_enum, [c_void_p, ctypes.c_longlong,
                                           c_char_p, c_char_p, P(Buf),
                                           P(Error)]),
    "parley_store_scenario_json": (c_enum, [c_void_p, ctypes.c_longlong,
                                            P(Buf), P(Error)]),
    "parley_store_export": (c_enum, [c_void_p, ctypes.c_longlong, P(Buf),
                                     P(Diags), P(Error)]),
    "parley_store_results_get": (c_enum, [c_void_p, ctypes.c_longlong,
                                          P(StoreResults), P(Error)]),
    "parley_store_results_destroy": (None, [P(StoreResults)]),
    "parley_store_params_text": (c_enum, [c_void_p, ctypes.c_longlong,
                                          P(Buf), P(Error)]),
    "parley_store_remove": (c_enum, [c_void_p, ctypes.c_longlong,
                                     P(Error)]),
    "parley_store_diff": (c_enum, [c_void_p, ctypes.c_longlong,
                                   ctypes.c_longlong, P(Buf), P(Error)]),
    "parley_store_runs_html": (c_enum, [c_void_p, P(ctypes.c_longlong),
                                        c_size_t, P(Buf), P(Error)]),
    "parley_threads_env_check": (c_enum, [c_char_p, P(Error)]),
    "parley_store_list_text": (c_enum, [c_void_p, P(StoreFilter), P(Buf),
                                        P(Error)]),
    "parley_store_show": (c_enum, [c_void_p, ctypes.c_longlong, c_char_p,
                                   c_char_p, P(Buf), P(Error)]),
    "parley_strstatus": (c_char_p, [c_enum]),
    "parley_error_clear": (None, [P(Error)]),
    "parley_error_format": (c_char_p, [P(Error), c_char_p, c_size_t]),
    "parley_diag_format": (c_char_p, [P(Diag), c_char_p, c_size_t]),
    "parley_diags_init": (None, [P(Diags)]),
    "parley_diags_destroy": (None, [P(Diags)]),
    "parley_buf_init": (None, [P(Buf)]),
    "parley_buf_destroy": (None, [P(Buf)]),
    "parley_default_scenario_json": (c_void_p, [P(c_size_t)]),
    "parley_default_scenario_file": (c_char_p, []),
    "parley_case_library_dir": (c_enum, [c_char_p, c_char_p, c_size_t,
                                         P(c_int)]),
    "parley_case_source_init": (c_enum, [P(CaseSource), c_char_p, c_char_p,
                                         P(c_char_p), c_size_t,
                                         P(ReadOptions), P(Error)]),
    "parley_case_library_init": (None, [P(CaseLibrary)]),
    "parley_case_library_destroy": (None, [P(CaseLibrary)]),
    "parley_case_library_add_dir": (c_enum, [P(CaseLibrary), c_char_p,
                                             P(Error)]),
    "parley_case_library_run": (c_enum, [P(CaseLibrary), P(Backtest),
                                         P(CaseRequest), P(Params), c_size_t,
                                         P(BacktestOptions), P(Error)]),
    "parley_combined_score_library": (c_enum, [P(Combined), P(CaseRequest),
                                               P(Params), c_size_t, c_u64,
                                               P(Error)]),
    "parley_format_from_string": (c_enum, [c_char_p]),
    "parley_read_options_init": (None, [P(ReadOptions)]),
    "parley_read_option_set": (c_enum, [P(ReadOptions), c_char_p, c_char_p,
                                        P(Error)]),
    "parley_scenario_parse": (c_enum, [P(Scenario), c_enum, c_char_p,
                                       c_size_t, c_char_p, P(ReadOptions),
                                       P(Diags)]),
    "parley_scenario_load": (c_enum, [P(Scenario), c_char_p, c_enum,
                                      P(ReadOptions), P(Diags)]),
    "parley_input_files_check": (c_enum, [c_char_p, P(c_char_p), c_size_t,
                                          c_char_p, P(Error)]),
    "parley_scenario_destroy": (None, [P(Scenario)]),
    "parley_scenario_copy": (c_enum, [P(Scenario), P(Scenario)]),
    "parley_scenario_write_json": (c_enum, [P(Scenario), P(Buf)]),
    "parley_scenario_save": (c_enum, [P(Scenario), c_char_p, c_enum,
                                      P(WriteOptions), P(Diags), P(Error)]),
    "parley_scenario_find_actor": (c_size_t, [P(Scenario), c_char_p]),
    "parley_model_types": (P(c_void_p), []),
    "parley_model_list_default": (None, [P(c_void_p), P(c_size_t), c_size_t,
                                         P(c_int), c_int]),
    "parley_model_list_parse": (c_enum, [c_char_p, P(c_void_p), P(c_size_t),
                                         c_size_t, P(c_int), P(Error)]),
    "parley_model_find": (c_void_p, [c_char_p]),
    "parley_param_find": (P(ParamDef), [c_void_p, c_char_p]),
    "parley_params_init": (c_enum, [P(Params), c_void_p]),
    "parley_params_destroy": (None, [P(Params)]),
    "parley_params_set": (c_enum, [P(Params), c_char_p, c_char_p, P(Error)]),
    "parley_params_set_text": (c_enum, [P(Params), c_size_t, c_char_p,
                                        P(Error)]),
    "parley_params_set_run": (c_enum, [P(Params), P(RunParams), P(c_uint),
                                       P(Error)]),
    "parley_params_describe": (c_enum, [P(Params), P(Buf)]),
    "parley_params_check": (c_enum, [P(Params), P(Error)]),
    "parley_run_params_init": (None, [P(RunParams)]),
    "parley_params_setup_apply": (c_enum, [P(Params), P(c_void_p), c_size_t,
                                           P(c_size_t), P(ParamsSetup),
                                           P(c_int), P(c_size_t), P(Error)]),
    "parley_stop_reason_name": (c_char_p, [c_enum]),
    "parley_move_kind_name": (c_char_p, [c_enum]),
    "parley_forecast_init_seeded": (c_enum, [P(Forecast), P(Scenario),
                                             P(Params), c_size_t, c_int,
                                             c_ull, c_ull, P(Error)]),
    "parley_forecast_destroy": (None, [P(Forecast)]),
    "parley_combine_options_init": (None, [P(CombineOptions)]),
    "parley_combined_init": (c_enum, [P(Combined), P(Forecast),
                                      P(CombineOptions), P(Error)]),
    "parley_combined_destroy": (None, [P(Combined)]),
    "parley_report_json": (c_enum, [P(Forecast), P(ReportMeta), P(Buf)]),
    "parley_report_csv": (c_enum, [P(Forecast), P(ReportMeta), P(Buf)]),
    "parley_report_table": (c_enum, [P(Forecast), P(ReportMeta), P(Buf)]),
    "parley_report_trace": (c_enum, [P(Forecast), P(Buf)]),
    "parley_report_whatif": (c_enum, [P(Forecast), P(Forecast),
                                      P(c_char_p), c_size_t, c_enum,
                                      P(ReportMeta), P(Buf)]),
    "parley_perturbation_init": (None, [P(Perturbation)]),
    "parley_perturbation_default": (None, [P(Perturbation)]),
    "parley_ensemble_options_init": (None, [P(EnsembleOptions)]),
    "parley_ensemble_spec_init": (None, [P(EnsembleSpec)]),
    "parley_ensemble_spec_destroy": (None, [P(EnsembleSpec)]),
    "parley_ensemble_spec_add_noise": (c_enum, [P(EnsembleSpec), c_char_p,
                                                P(Error)]),
    "parley_ensemble_result_init": (c_enum, [P(EnsembleResult),
                                             P(EnsembleRequest), P(Error)]),
    "parley_ensemble_result_destroy": (None, [P(EnsembleResult)]),
    "parley_report_ensemble_result": (None, [P(EnsembleResult),
                                             P(EnsembleRequest), P(c_char_p),
                                             c_size_t, P(EnsembleReport)]),
    "parley_ensemble_summary_init": (c_enum, [P(EnsembleSummary),
                                              P(Scenario), c_size_t,
                                              c_size_t]),
    "parley_ensemble_summary_destroy": (None, [P(EnsembleSummary)]),
    "parley_ensemble_stats_get": (None, [P(EnsembleSummary), c_size_t,
                                         c_size_t, P(EnsembleStats)]),
    "parley_ensemble_run": (c_enum, [P(Scenario), P(Params), c_size_t,
                                     P(Perturbation), P(EnsembleOptions),
                                     P(EnsembleSummary), P(Error)]),
    "parley_whatif_apply_text": (c_enum, [P(Scenario), P(Scenario),
                                          P(c_char_p), c_size_t, P(c_char_p),
                                          c_size_t, P(c_size_t), P(Error)]),
    "parley_change_parse": (c_enum, [P(Scenario), c_char_p, P(Change),
                                     P(Error)]),
    "parley_whatif_apply": (c_enum, [P(Scenario), P(Change), c_size_t,
                                     P(c_size_t), c_size_t, P(Error)]),
    "parley_leverage_options_init": (None, [P(LeverageOptions)]),
    "parley_leverage_result_init": (c_enum, [P(LeverageResult),
                                             P(LeverageRequest), P(Error)]),
    "parley_leverage_result_destroy": (None, [P(LeverageResult)]),
    "parley_backtest_options_init": (None, [P(BacktestOptions)]),
    "parley_backtest_run": (c_enum, [P(Backtest), P(P(Scenario)),
                                     P(c_char_p), c_size_t, P(Params),
                                     c_size_t, P(BacktestOptions),
                                     P(Error)]),
    "parley_backtest_destroy": (None, [P(Backtest)]),
    "parley_report_backtest": (c_enum, [P(Backtest), c_enum, P(Buf)]),
    "parley_report_format_from_string": (c_enum, [c_char_p, P(c_enum),
                                                  P(Error)]),
    "parley_backtest_combined_score": (c_int, [P(Backtest),
                                               P(CombinedScore)]),
    "parley_report_ensemble": (c_enum, [P(EnsembleReport), c_enum,
                                        P(ReportMeta), P(Buf)]),
    "parley_report_leverage": (c_enum, [P(LeverageReport), c_enum,
                                        P(ReportMeta), P(Buf)]),
}


class LibraryNotFound(OSError):
    """libparley.so could not be found or loaded."""


def _candidates():
    env = os.environ.get("PARLEY_LIBRARY")
    if env:
        return [env]
    found = []
    try:
        from . import _install
        if getattr(_install, "LIBRARY", None):
            found.append(_install.LIBRARY)
    except ImportError:
        pass
    name = ctypes.util.find_library("parley")
    if name:
        found.append(name)
    found += ["libparley.so.0", "libparley.so"]
    return found


_lock = threading.Lock()
_lib = None


def lib():
    """The loaded library, with every prototype declared (loaded once)."""
    global _lib
    if _lib is not None:
        return _lib
    with _lock:
        if _lib is not None:
            return _lib
        tried = []
        handle = None
        for path in _candidates():
            try:
                handle = ctypes.CDLL(path)
                break
            except OSError as e:
                tried.append("%s (%s)" % (path, e))
        if handle is None:
            raise LibraryNotFound(
                "cannot load the parley shared library; set PARLEY_LIBRARY "
                "to the full path of libparley.so.0.  Tried: "
                + "; ".join(tried))
        for name, (restype, argtypes) in _PROTOTYPES.items():
            fn = getattr(handle, name)
            fn.restype = restype
            fn.argtypes = argtypes
        _lib = handle
        return _lib


def text(raw):
    """A C string (bytes or None) as str (UTF-8, invalid bytes replaced)."""
    if raw is None:
        return None
    return raw.decode("utf-8", "replace")
