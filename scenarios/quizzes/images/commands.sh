# Student "commands" (tag=v2, repo=toolbox): a commands file, no predictions.
# question: build-site
docker build -t toolbox:v1 site            # the wrong tag
docker run -d --name site -p 8080:80 toolbox:v1
# question: commit
docker run --name work alpine:latest sh -c "echo hello > /hello.txt"
docker commit work toolbox:snapshot
docker save -o /tmp/out.tar toolbox:snapshot   # refused: a file on the grading machine
