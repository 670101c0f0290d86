"""Triton python-backend model `embedder`: all-MiniLM-L6-v2 sentence embeddings.

Reads the input `text` (BYTES [-1], UTF-8 strings), writes `embedding` (FP32 [-1, 384]): mean pooling over
the attention mask, then L2 normalisation, as sentence-transformers and the in-process ONNX model do.
Weights: the Hugging Face folder sentence-transformers/all-MiniLM-L6-v2 copied next to this file as
`all-MiniLM-L6-v2/` (config.json, tokenizer files, model.safetensors). Nothing is downloaded at run time.
"""
import os

import numpy as np
import torch
import triton_python_backend_utils as pb_utils
from transformers import AutoModel, AutoTokenizer

DIMENSIONS = 384
# The model's window as sentence-transformers and the in-process embedder use it (max_seq_length 256, special
# tokens included): part of Embedder.EMBEDDING_VERSION ("all-minilm-l6-v2/256"); vectors must be comparable.
MAX_TOKENS = 256


class TritonPythonModel:
    def initialize(self, args):
        weights = os.path.join(args["model_repository"], args["model_version"], "all-MiniLM-L6-v2")
        if args["model_instance_kind"] == "GPU":
            self.device = torch.device("cuda", int(args["model_instance_device_id"]))
        else:
            self.device = torch.device("cpu")
        self.tokenizer = AutoTokenizer.from_pretrained(weights)
        self.model = AutoModel.from_pretrained(weights).to(self.device).eval()

    def execute(self, requests):
        responses = []
        for request in requests:
            raw = pb_utils.get_input_tensor_by_name(request, "text").as_numpy().reshape(-1)
            texts = [t.decode("utf-8") if isinstance(t, bytes) else str(t) for t in raw]
            vectors = self._embed(texts) if texts else np.zeros((0, DIMENSIONS), dtype=np.float32)
            responses.append(pb_utils.InferenceResponse(output_tensors=[pb_utils.Tensor("embedding", vectors)]))
        return responses

    def _embed(self, texts):
        with torch.inference_mode():
            enc = self.tokenizer(texts, padding=True, truncation=True, max_length=MAX_TOKENS,
                                 return_tensors="pt").to(self.device)
            hidden = self.model(**enc).last_hidden_state
            mask = enc["attention_mask"].unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
            normed = torch.nn.functional.normalize(pooled, p=2, dim=1)
        return normed.float().cpu().numpy()
