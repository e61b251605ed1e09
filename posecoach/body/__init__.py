"""The body measured, purely: geometry, raw measures, calibration, smoothing, landmark quality."""
