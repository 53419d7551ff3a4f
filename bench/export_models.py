#!/usr/bin/python3
"""Exports torchvision image classifiers to ONNX with a reference input and PyTorch's output.

    /usr/bin/python3 bench/export_models.py OUT_DIR [--models resnet18,mobilenet_v2,squeezenet1_1] [--fold-bn] [--batch N]

For each model NAME it writes, in OUT_DIR:
    NAME.onnx          opset 13, batch 1, one input "input" (float32 1x3x224x224), one output "output"
    NAME.input.npy     the input the reference was computed for
    NAME.output.npy    PyTorch's output for that input (eval mode, float32)

Weights are random, not downloaded: the models are torchvision's own initialisation under a fixed
seed, and every BatchNorm gets random statistics and affine parameters (running_mean,
running_var, weight, bias) so that folding BN into a scale and shift is actually exercised (with
the defaults, 0 / 1 / 1 / 0, BN in eval mode is the identity). The same seed gives the same files
on every run with the same torch build (Debian 12: python3-torch, python3-torchvision).
The BatchNormalization nodes stay in the ONNX graph (so gecl's converter for them is what runs);
--fold-bn lets torch's exporter fold them into the convolutions instead, as it does by default.
"""
import argparse
import os
import sys
import warnings

import numpy as np
import torch
import torchvision

OPSET = 13
SEED = 20240613
# name -> constructor; the seed of model i is SEED + i, so exporting a subset gives the same files.
MODELS = {
    "resnet18": torchvision.models.resnet18,
    "mobilenet_v2": torchvision.models.mobilenet_v2,
    "squeezenet1_1": torchvision.models.squeezenet1_1,
}


def randomize_batchnorm(model, gen):
    """Random BN statistics and affine parameters: a scale s = weight / sqrt(var + eps) around 1
    and a shift of a few tenths, so activations keep their magnitude through deep networks."""
    for m in model.modules():
        if isinstance(m, torch.nn.modules.batchnorm._BatchNorm):
            c = m.num_features
            with torch.no_grad():
                m.running_mean.copy_(torch.randn(c, generator=gen) * 0.1)
                m.running_var.copy_(torch.rand(c, generator=gen) + 0.5)
                m.weight.copy_(torch.rand(c, generator=gen) + 0.5)
                m.bias.copy_(torch.randn(c, generator=gen) * 0.1)


def export(name, out_dir, seed, fold_bn, batch=1):
    torch.manual_seed(seed)  # torchvision's initialisers draw from the global generator
    model = MODELS[name](weights=None)
    gen = torch.Generator().manual_seed(seed)
    randomize_batchnorm(model, gen)
    model.eval()
    x = torch.randn(batch, 3, 224, 224, generator=gen)
    with torch.no_grad():
        y = model(x)
    name = name if batch == 1 else f"{name}.b{batch}"
    path = os.path.join(out_dir, name + ".onnx")
    # TrainingMode.EVAL lets the exporter fold each BatchNorm into the Conv before it; PRESERVE
    # (with the model in eval mode) keeps them as inference BatchNormalization nodes.
    mode = torch.onnx.TrainingMode.EVAL if fold_bn else torch.onnx.TrainingMode.PRESERVE
    # torch warns about constant folding with PRESERVE whatever the model's mode; in eval mode
    # nothing learnable is folded, so the warning does not apply.
    warnings.filterwarnings("ignore", message="It is recommended that constant folding be turned off")
    torch.onnx.export(model, x, path, opset_version=OPSET, input_names=["input"], output_names=["output"],
                      training=mode, do_constant_folding=True)
    np.save(os.path.join(out_dir, name + ".input.npy"), x.numpy().astype(np.float32))
    np.save(os.path.join(out_dir, name + ".output.npy"), y.numpy().astype(np.float32))
    print(f"{name}: {path} (output {tuple(y.shape)}, max |y| {y.abs().max().item():.4g})")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out_dir")
    ap.add_argument("--models", default=",".join(MODELS), help="comma-separated subset of " + ", ".join(MODELS))
    ap.add_argument("--fold-bn", action="store_true",
                    help="let the exporter fold BatchNorm into the preceding Conv (its default); without it "
                         "the models keep their BatchNormalization nodes")
    ap.add_argument("--batch", type=int, default=1,
                    help="batch size; other than 1 the files are NAME.bN.onnx, NAME.bN.input.npy, ...")
    args = ap.parse_args()
    names = [n for n in args.models.split(",") if n]
    unknown = [n for n in names if n not in MODELS]
    if unknown:
        sys.exit(f"export_models.py: unknown model(s) {', '.join(unknown)}; known: {', '.join(MODELS)}")
    os.makedirs(args.out_dir, exist_ok=True)
    torch.set_num_threads(max(1, min(2, os.cpu_count() or 1)))
    for name in names:
        export(name, args.out_dir, SEED + list(MODELS).index(name), args.fold_bn, args.batch)


if __name__ == "__main__":
    main()
